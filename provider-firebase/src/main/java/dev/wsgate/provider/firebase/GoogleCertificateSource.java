package dev.wsgate.provider.firebase;

import dev.wsgate.internal.keys.Fetched;
import dev.wsgate.internal.keys.KeyServerHttp;
import dev.wsgate.internal.keys.KeySet;
import dev.wsgate.internal.keys.KeySource;
import dev.wsgate.spi.ProviderEvents;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Google's certificates for Firebase ID tokens, fetched from {@code keys-url} by wsgate (bounded
 * timeouts and size) for the shared {@link KeySet}, fresh for the response's {@code Cache-Control:
 * max-age}. firebase-admin never fetches them itself: it is served the last response from memory.
 */
final class GoogleCertificateSource implements KeySource<GoogleCertificates> {
  static final int MAX_BYTES = 64 * 1024;

  /**
   * The shortest time a response is fresh, whatever its {@code max-age}: a shorter one would only
   * add fetches, since a new {@code kid} causes a refetch anyway.
   */
  static final Duration MIN_TTL = KeySet.REFETCH_COOLDOWN;

  /** How long a response without {@code max-age} is fresh (Google always sends one). */
  static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  private final URI keysUrl;
  private final ProviderEvents events;
  private final String source;
  private final KeyServerHttp http;

  GoogleCertificateSource(FirebaseSettings settings, ProviderEvents events) {
    this.keysUrl = settings.keysUrl();
    this.events = events;
    this.source =
        keysUrl.getPort() < 0 ? keysUrl.getHost() : keysUrl.getHost() + ":" + keysUrl.getPort();
    this.http = new KeyServerHttp(settings.connectTimeout(), settings.readTimeout(), MAX_BYTES);
  }

  @Override
  public Fetched<GoogleCertificates> fetch() throws IOException {
    KeyServerHttp.Response r = http.get(keysUrl, Map.of());
    GoogleCertificates certificates = GoogleCertificates.parse(r.body());
    Duration ttl = r.maxAge().orElse(DEFAULT_TTL);
    return new Fetched<>(
        certificates, certificates.keys().keySet(), ttl.compareTo(MIN_TTL) < 0 ? MIN_TTL : ttl);
  }

  @Override
  public String location() {
    return keysUrl.toString();
  }

  @Override
  public void fetched(boolean succeeded) {
    events.keyFetch(source, succeeded);
  }
}
