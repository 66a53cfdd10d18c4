package dev.wsgate.provider.firebase;

import com.google.api.client.json.GenericJson;
import com.google.api.client.json.JsonFactory;
import com.google.api.client.json.gson.GsonFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * One response of Google's certificate endpoint: its {@code {kid: PEM}} body as received (what
 * firebase-admin is served, see {@link SdkCertificateFeed}) and the public key of each certificate
 * by key id (what wsgate checks a token's signature against).
 *
 * @param body the response body, every entry of which is a certificate
 * @param keys the public keys by key id
 */
record GoogleCertificates(byte[] body, Map<String, PublicKey> keys) {
  /** Same leniency as firebase-admin: Google's certificate JSON holds raw control characters. */
  private static final JsonFactory JSON = GsonFactory.builder().setReadLeniency(true).build();

  GoogleCertificates {
    body = body.clone();
    keys = Map.copyOf(keys);
  }

  /**
   * Parses a response body. Fails as a whole when any entry is not a certificate: firebase-admin
   * parses every entry the same way, and one bad entry would leave it holding no keys at all.
   */
  static GoogleCertificates parse(byte[] body) throws IOException {
    try {
      GenericJson json =
          JSON.createJsonParser(new ByteArrayInputStream(body), StandardCharsets.UTF_8)
              .parse(GenericJson.class);
      CertificateFactory x509 = CertificateFactory.getInstance("X.509");
      Map<String, PublicKey> parsed = new HashMap<>();
      for (Map.Entry<String, Object> e : json.entrySet()) {
        Certificate cert =
            x509.generateCertificate(
                new ByteArrayInputStream(((String) e.getValue()).getBytes(StandardCharsets.UTF_8)));
        parsed.put(e.getKey(), cert.getPublicKey());
      }
      if (parsed.isEmpty()) {
        throw new IOException("no certificate in the response");
      }
      return new GoogleCertificates(body, parsed);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new IOException("certificate response is not a JSON object of key id to PEM", e);
    }
  }
}
