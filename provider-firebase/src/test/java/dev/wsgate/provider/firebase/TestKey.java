package dev.wsgate.provider.firebase;

import dev.wsgate.testkit.SelfSignedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;

/** A published Firebase signing key: a key id and a self-signed certificate made by keytool. */
final class TestKey {
  final String kid;
  final PrivateKey privateKey;
  private final SelfSignedCertificate certificate;

  private TestKey(String kid, SelfSignedCertificate certificate) {
    this.kid = kid;
    this.certificate = certificate;
    this.privateKey = certificate.privateKey();
  }

  static TestKey generate(String kid) {
    try {
      Path dir = Files.createTempDirectory("wsgate-firebase-key");
      SelfSignedCertificate cert = SelfSignedCertificate.generate(dir, "key");
      Files.delete(cert.store());
      Files.delete(dir);
      return new TestKey(kid, cert);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The certificate in PEM, as Google serves it. */
  String certificatePem() {
    return certificate.certificatePem();
  }

  /** The private key in PKCS#8 PEM, as a service-account file holds it. */
  String privateKeyPem() {
    return certificate.privateKeyPem();
  }
}
