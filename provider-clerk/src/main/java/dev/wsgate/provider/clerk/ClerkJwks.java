package dev.wsgate.provider.clerk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.ProviderEvents;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.HttpURLConnection;
import java.net.URI;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The secret-key mode's keys: Clerk's JWKS ({@code GET {api-url}/v1/jwks}), fetched by us with
 * timeouts and a size limit, cached per verifier instance, and handed to the SDK as a PEM.
 *
 * <p>Why not the SDK's own fetch: its key cache is static and keyed by kid alone (two tenants share
 * it), it fetches once per unknown kid, and its HTTP client has no timeout. Here each instance has
 * its own cache; an unknown kid or a failed fetch causes at most one request per {@link
 * ClerkSettings#MIN_REFETCH_INTERVAL}; one thread refreshes while the others keep using the cached
 * keys. Uses {@link HttpURLConnection}, so no thread outlives a fetch. Thread-safe.
 */
final class ClerkJwks implements ClerkKeys {
  private static final System.Logger LOG = System.getLogger(ClerkJwks.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ClerkSettings settings;
  private final Clock clock;
  private final ReentrantLock fetching = new ReentrantLock();
  private final ProviderEvents events;
  private volatile Keys keys = new Keys(Map.of(), Instant.MIN);
  private volatile Instant lastAttempt = Instant.MIN;

  /** The keys of one successful fetch and when it happened, replaced together. */
  private record Keys(Map<String, String> pemByKid, Instant fetchedAt) {}

  ClerkJwks(ClerkSettings settings, Clock clock) {
    this(settings, clock, ProviderEvents.NONE);
  }

  ClerkJwks(ClerkSettings settings, Clock clock, ProviderEvents events) {
    this.settings = settings;
    this.clock = clock;
    this.events = events;
  }

  @Override
  public String pemFor(String kid) throws AuthenticationException {
    Keys cached = keys;
    String pem = cached.pemByKid().get(kid);
    Instant now = clock.instant();
    if (pem != null && now.isBefore(cached.fetchedAt().plus(settings.cacheTtl()))) {
      return pem;
    }
    // Stale keys: one thread refreshes, the others go on with what they have.
    boolean refreshed = pem != null ? refresh(now, false) : refresh(now, true);
    Keys current = keys;
    String found = current.pemByKid().get(kid);
    if (found != null) {
      return found;
    }
    if (pem != null && !refreshed) {
      return pem;
    }
    if (current.pemByKid().isEmpty() || (pem == null && !refreshed && fetchFailedLast())) {
      throw new AuthenticationException(
          Failure.PROVIDER_UNAVAILABLE, "Clerk's signing keys cannot be loaded; retry later");
    }
    throw new AuthenticationException(
        Failure.UNKNOWN_KEY, "token is signed with a key this Clerk instance does not publish");
  }

  @Override
  public boolean isReady() {
    return !keys.pemByKid().isEmpty();
  }

  /** Tries a fetch at start-up so that readiness does not wait for the first handshake. */
  void prefetch() {
    refresh(clock.instant(), true);
  }

  private boolean fetchFailedLast() {
    return lastAttempt.isAfter(keys.fetchedAt());
  }

  /**
   * Fetches the JWKS unless one was attempted within the minimum interval.
   *
   * @param wait whether to wait for a fetch another thread is running
   * @return whether this call replaced the cached keys
   */
  private boolean refresh(Instant now, boolean wait) {
    if (!wait && !due(now)) {
      return false;
    }
    // A waiting caller takes the lock even when no fetch is due: one may be in flight, and its
    // result is what this caller needs.
    if (wait) {
      fetching.lock();
    } else if (!fetching.tryLock()) {
      return false;
    }
    try {
      if (!due(now)) {
        return false;
      }
      lastAttempt = now;
      keys = new Keys(fetch(), now);
      events.keyFetch(source(), true);
      return true;
    } catch (IOException | RuntimeException e) {
      events.keyFetch(source(), false);
      LOG.log(
          System.Logger.Level.WARNING,
          "clerk: JWKS fetch from {0} failed ({1}); next attempt in {2}s at the earliest",
          settings.jwksUri(),
          e.getClass().getSimpleName(),
          ClerkSettings.MIN_REFETCH_INTERVAL.toSeconds());
      return false;
    } finally {
      fetching.unlock();
    }
  }

  /** The Clerk API as a metric label: host and port of the configured URL, never a path. */
  private String source() {
    URI uri = settings.jwksUri();
    return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  private boolean due(Instant now) {
    return lastAttempt == Instant.MIN
        || !now.isBefore(lastAttempt.plus(ClerkSettings.MIN_REFETCH_INTERVAL));
  }

  private Map<String, String> fetch() throws IOException {
    URI uri = settings.jwksUri();
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
    try {
      c.setInstanceFollowRedirects(false); // the secret key must not follow a redirect
      c.setConnectTimeout(millis(settings.connectTimeout()));
      c.setReadTimeout(millis(settings.readTimeout()));
      c.setRequestProperty("Accept", "application/json");
      c.setRequestProperty("Authorization", "Bearer " + settings.secretKey().reveal());
      int status = c.getResponseCode();
      if (status != 200) {
        throw new IOException("HTTP " + status);
      }
      byte[] body;
      try (InputStream in = c.getInputStream()) {
        body = in.readNBytes(ClerkSettings.MAX_JWKS_BYTES + 1);
      }
      if (body.length > ClerkSettings.MAX_JWKS_BYTES) {
        throw new IOException("JWKS larger than " + ClerkSettings.MAX_JWKS_BYTES + " bytes");
      }
      return parse(body);
    } finally {
      c.disconnect();
    }
  }

  /** Clerk's RSA signing keys by kid; other keys are skipped. */
  static Map<String, String> parse(byte[] body) throws IOException {
    JsonNode keys = JSON.readTree(body).path("keys");
    if (!keys.isArray()) {
      throw new IOException("no 'keys' array");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode k : keys) {
      boolean signingRsa =
          k.path("kty").asText().equals("RSA")
              && k.path("use").asText("sig").equals("sig")
              && k.path("alg").asText("RS256").equals("RS256")
              && k.path("kid").isTextual();
      if (signingRsa) {
        try {
          BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(k.path("n").asText()));
          BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(k.path("e").asText()));
          RSAPublicKey key =
              (RSAPublicKey)
                  KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
          if (key.getModulus().bitLength() >= ClerkSettings.MIN_RSA_BITS) {
            out.put(k.path("kid").asText(), ClerkPem.pem(key.getEncoded()));
          }
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
          LOG.log(System.Logger.Level.WARNING, "clerk: JWKS key skipped: not a valid RSA key");
        }
      }
    }
    if (out.isEmpty()) {
      throw new IOException("no RSA signing key of at least 2048 bits");
    }
    return Map.copyOf(out);
  }

  private static int millis(java.time.Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
  }
}
