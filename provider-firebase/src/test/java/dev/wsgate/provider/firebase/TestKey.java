package dev.wsgate.provider.firebase;

import java.security.PrivateKey;
import okhttp3.tls.HeldCertificate;

/** A published Firebase signing key: a key id and a self-signed RSA-2048 certificate. */
final class TestKey {
  final String kid;
  final PrivateKey privateKey;
  private final HeldCertificate certificate;

  private TestKey(String kid, HeldCertificate certificate) {
    this.kid = kid;
    this.certificate = certificate;
    this.privateKey = certificate.keyPair().getPrivate();
  }

  static TestKey generate(String kid) {
    return new TestKey(kid, new HeldCertificate.Builder().commonName(kid).rsa2048().build());
  }

  /** The certificate in PEM, as Google serves it. */
  String certificatePem() {
    return certificate.certificatePem();
  }

  /** The private key in PKCS#8 PEM, as a service-account file holds it. */
  String privateKeyPem() {
    return certificate.privateKeyPkcs8Pem();
  }
}
