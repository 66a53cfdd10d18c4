package dev.wsgate.provider.firebase;

import com.google.api.client.json.GenericJson;
import com.google.api.client.json.JsonFactory;
import com.google.api.client.json.gson.GsonFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.util.Set;

/**
 * The key ids of the certificates firebase-admin holds right now, learnt by reading the same
 * certificate response it parses. firebase-admin tries every cached certificate whatever the
 * token's {@code kid}; wsgate additionally requires the {@code kid} to name one of them. Updated
 * only when a certificate response arrives (the SDK fetches under a lock, so two updates never
 * race); thread-safe.
 */
final class KnownKeys {
  /** Same leniency as firebase-admin: Google's certificate JSON holds raw control characters. */
  private static final JsonFactory JSON = GsonFactory.builder().setReadLeniency(true).build();

  private volatile Set<String> kids = Set.of();

  /** Whether {@code kid} names a certificate of the last good response. */
  boolean contains(String kid) {
    return kid != null && kids.contains(kid);
  }

  /** Whether no certificate is known (none fetched yet, or the last fetch failed). */
  boolean isEmpty() {
    return kids.isEmpty();
  }

  /** Records a {@code {kid: PEM}} response body, or fails if any entry is not a certificate. */
  void accept(byte[] body) throws IOException {
    try {
      GenericJson json =
          JSON.createJsonParser(new ByteArrayInputStream(body), StandardCharsets.UTF_8)
              .parse(GenericJson.class);
      CertificateFactory x509 = CertificateFactory.getInstance("X.509");
      for (Object pem : json.values()) {
        // the SDK parses every value the same way; a bad one must fail the whole fetch
        x509.generateCertificate(
            new ByteArrayInputStream(((String) pem).getBytes(StandardCharsets.UTF_8)));
      }
      kids = Set.copyOf(json.keySet());
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      kids = Set.of();
      throw new IOException("certificate response is not a JSON object of key id to PEM", e);
    }
  }

  /** Forgets every key id: the SDK dropped its certificates after a failed fetch. */
  void clear() {
    kids = Set.of();
  }
}
