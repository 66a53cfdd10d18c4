package dev.wsgate.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real RSA-2048 key with a self-signed X.509 certificate for {@code 127.0.0.1} and {@code
 * localhost}, made by the JDK's own {@code keytool} (the JDK has no public certificate builder)
 * into a PKCS#12 store that stays on disk: an identity provider's certificate documents need the
 * certificate, an HTTPS test server the store.
 */
public final class SelfSignedCertificate {
  /** The password of the store and of the key. */
  public static final String PASSWORD = "wsgate-test";

  private final Path store;
  private final PrivateKey privateKey;
  private final X509Certificate certificate;

  private SelfSignedCertificate(Path store, PrivateKey privateKey, X509Certificate certificate) {
    this.store = store;
    this.privateKey = privateKey;
    this.certificate = certificate;
  }

  /** Generates a key and certificate named {@code name} into {@code dir/name.p12}. */
  public static SelfSignedCertificate generate(Path dir, String name) {
    Path store = dir.resolve(name + ".p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    try {
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
                      "CN=" + name,
                      "-ext",
                      "san=ip:127.0.0.1,dns:localhost",
                      "-validity",
                      "2",
                      "-storetype",
                      "PKCS12",
                      "-keystore",
                      store.toString(),
                      "-storepass",
                      PASSWORD,
                      "-keypass",
                      PASSWORD))
              .redirectErrorStream(true)
              .start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + output);
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, PASSWORD.toCharArray());
      }
      return new SelfSignedCertificate(
          store,
          (PrivateKey) ks.getKey("k", PASSWORD.toCharArray()),
          (X509Certificate) ks.getCertificate("k"));
    } catch (IOException | InterruptedException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The PKCS#12 store holding the key and certificate (password {@link #PASSWORD}). */
  public Path store() {
    return store;
  }

  /** The private key. */
  public PrivateKey privateKey() {
    return privateKey;
  }

  /** The certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The certificate in PEM, as Google serves Firebase's. */
  public String certificatePem() {
    try {
      return pem("CERTIFICATE", certificate.getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The private key in PKCS#8 PEM, as a service-account file holds it. */
  public String privateKeyPem() {
    return pem("PRIVATE KEY", privateKey.getEncoded());
  }

  /** TLS that trusts exactly this certificate. */
  public SSLContext trustingContext() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("k", certificate);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, tmf.getTrustManagers(), null);
      return tls;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
