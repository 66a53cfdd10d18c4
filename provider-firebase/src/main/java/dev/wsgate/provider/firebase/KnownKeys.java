package dev.wsgate.provider.firebase;

import com.google.api.client.auth.openidconnect.IdToken;
import com.google.api.client.json.GenericJson;
import com.google.api.client.json.JsonFactory;
import com.google.api.client.json.gson.GsonFactory;
import dev.wsgate.spi.ProviderEvents;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * The certificates firebase-admin holds right now, by key id, learnt by reading the same
 * certificate response it parses. firebase-admin tries every cached certificate whatever the
 * token's {@code kid}, so a token signed with one published key but naming another's {@code kid}
 * passes it; wsgate additionally requires the signature to verify under the certificate its {@code
 * kid} names (google-http-client's own {@code JsonWebSignature.verifySignature}). Updated only when
 * a certificate response arrives (the SDK fetches under a lock, so two updates never race);
 * thread-safe.
 */
final class KnownKeys {
  /** Same leniency as firebase-admin: Google's certificate JSON holds raw control characters. */
  private static final JsonFactory JSON = GsonFactory.builder().setReadLeniency(true).build();

  private final ProviderEvents events;
  private final String source;
  private volatile Map<String, PublicKey> keys = Map.of();

  /**
   * @param events where fetches are reported: a good response, or a failure (every failure path of
   *     a fetch ends in {@link #clear()}, once)
   * @param keysUrl the certificate URL, whose host and port name the source
   */
  KnownKeys(ProviderEvents events, URI keysUrl) {
    this.events = events;
    this.source =
        keysUrl.getPort() < 0 ? keysUrl.getHost() : keysUrl.getHost() + ":" + keysUrl.getPort();
  }

  /** Whether {@code kid} names a certificate of the last good response. */
  boolean contains(String kid) {
    return kid != null && keys.containsKey(kid);
  }

  /**
   * Whether {@code token}'s signature verifies under the certificate its {@code kid} names; false
   * when the kid is unknown or the signature belongs to another key.
   */
  boolean signedByItsKid(IdToken token) {
    PublicKey key =
        token.getHeader().getKeyId() == null ? null : keys.get(token.getHeader().getKeyId());
    try {
      return key != null && token.verifySignature(key);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** Whether no certificate is known (none fetched yet, or the last fetch failed). */
  boolean isEmpty() {
    return keys.isEmpty();
  }

  /** Records a {@code {kid: PEM}} response body, or fails if any entry is not a certificate. */
  void accept(byte[] body) throws IOException {
    try {
      GenericJson json =
          JSON.createJsonParser(new ByteArrayInputStream(body), StandardCharsets.UTF_8)
              .parse(GenericJson.class);
      CertificateFactory x509 = CertificateFactory.getInstance("X.509");
      Map<String, PublicKey> parsed = new HashMap<>();
      for (Map.Entry<String, Object> e : json.entrySet()) {
        // the SDK parses every value the same way; a bad one must fail the whole fetch
        Certificate cert =
            x509.generateCertificate(
                new ByteArrayInputStream(((String) e.getValue()).getBytes(StandardCharsets.UTF_8)));
        parsed.put(e.getKey(), cert.getPublicKey());
      }
      keys = Map.copyOf(parsed);
      events.keyFetch(source, true);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      keys = Map.of();
      throw new IOException("certificate response is not a JSON object of key id to PEM", e);
    }
  }

  /** Forgets every key id: the SDK dropped its certificates after a failed fetch. */
  void clear() {
    keys = Map.of();
    events.keyFetch(source, false);
  }
}
