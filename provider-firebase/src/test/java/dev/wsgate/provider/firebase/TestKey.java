package dev.wsgate.provider.firebase;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real RSA key pair with a self-signed X.509 certificate, made by the JDK's own {@code keytool}
 * (the JDK has no public certificate builder) into a throw-away PKCS#12 store.
 */
final class TestKey {
  private static final char[] PASSWORD = "wsgate-test".toCharArray();

  final String kid;
  final PrivateKey privateKey;
  final X509Certificate certificate;

  private TestKey(String kid, PrivateKey privateKey, X509Certificate certificate) {
    this.kid = kid;
    this.privateKey = privateKey;
    this.certificate = certificate;
  }

  static TestKey generate(String kid) {
    try {
      Path dir = Files.createTempDirectory("wsgate-firebase-key");
      Path store = dir.resolve("key.p12");
      String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
      Process p =
          new ProcessBuilder(
                  List.of(
                      keytool,
                      "-genkeypair",
                      "-alias",
                      "k",
                      "-keyalg",
                      "RSA",
                      "-keysize",
                      "2048",
                      "-sigalg",
                      "SHA256withRSA",
                      "-dname",
                      "CN=" + kid,
                      "-validity",
                      "2",
                      "-storetype",
                      "PKCS12",
                      "-keystore",
                      store.toString(),
                      "-storepass",
                      new String(PASSWORD),
                      "-keypass",
                      new String(PASSWORD)))
              .redirectErrorStream(true)
              .start();
      String output = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + output);
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, PASSWORD);
      }
      PrivateKey key = (PrivateKey) ks.getKey("k", PASSWORD);
      X509Certificate cert = (X509Certificate) ks.getCertificate("k");
      Files.delete(store);
      Files.delete(dir);
      return new TestKey(kid, key, cert);
    } catch (IOException | InterruptedException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The certificate in PEM, as Google serves it. */
  String certificatePem() {
    try {
      return pem("CERTIFICATE", certificate.getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The private key in PKCS#8 PEM, as a service-account file holds it. */
  String privateKeyPem() {
    return pem("PRIVATE KEY", privateKey.getEncoded());
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
