package dev.wsgate.provider.jwks;

import com.auth0.jwk.JwkException;
import com.auth0.jwk.JwksHttpClient;
import com.auth0.jwk.UrlJwkProvider;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetRetrievalException;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URL;

/**
 * The bottom of the key chain: one fetch of the key set, with jwks-rsa doing the HTTP (through
 * {@link BoundedHttpClient}) and the JSON, and {@link JwkConversion} handing nimbus the keys.
 * Caching, single-flight, refresh-ahead and rate limiting are nimbus's, above this class (see
 * {@link KeySource}).
 *
 * <p>Every failure (network, HTTP status, oversized or malformed body, no usable key, discovery
 * mismatch) becomes a {@link JWKSetUnavailableException}, logged once here with the URL and the
 * cause. After a failure, attempts within {@link JwksSettings#FAILURE_COOLDOWN} fail at once, so
 * that callers queued behind a slow failed fetch do not each wait for another one.
 */
final class KeySetFetcher implements JWKSetSource<SecurityContext> {
  private static final System.Logger LOG = System.getLogger(KeySetFetcher.class.getName());

  private final JwksSettings settings;
  private final OidcDiscovery discovery;
  private final JwksHttpClient http;
  private volatile UrlJwkProvider keys;
  private volatile URL keysUrl;
  private volatile long lastFailure = Long.MIN_VALUE;
  private volatile long lastSuccess = Long.MIN_VALUE;

  KeySetFetcher(JwksSettings settings, JwksHttpClient http) {
    this.settings = settings;
    this.http = http;
    this.discovery = new OidcDiscovery(settings.issuer(), http);
  }

  @Override
  public JWKSet getJWKSet(
      JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
      throws KeySourceException {
    long cooldown = JwksSettings.FAILURE_COOLDOWN.toMillis();
    if (lastFailure != Long.MIN_VALUE && currentTime - lastFailure < cooldown) {
      throw new JWKSetUnavailableException(
          "the key server failed less than " + JwksSettings.FAILURE_COOLDOWN + " ago");
    }
    try {
      JWKSet set = JwkConversion.toJwkSet(provider().getAll());
      if (set.isEmpty()) {
        throw new IOException("no usable key in the key set of " + where());
      }
      lastSuccess = currentTime;
      lastFailure = Long.MIN_VALUE;
      settings.events().keyFetch(source(), true);
      return set;
    } catch (JwkException | IOException | RuntimeException e) {
      // jwks-rsa wraps IO and JSON errors in NetworkException, an empty set in
      // SigningKeyNotFoundException, and a non-object "keys" surfaces as ClassCastException: for
      // us each means the same thing, the key set cannot be had right now
      lastFailure = currentTime;
      settings.events().keyFetch(source(), false);
      String why = describe(e);
      LOG.log(Level.WARNING, "cannot fetch signing keys from {0}: {1}", where(), why);
      throw new JWKSetRetrievalException("cannot fetch signing keys: " + why, e);
    }
  }

  /** Whether a key set was fetched within {@code maxAgeMillis} of {@code now}. */
  boolean fetchedWithin(long now, long maxAgeMillis) {
    long t = lastSuccess;
    return t != Long.MIN_VALUE && now - t <= maxAgeMillis;
  }

  private UrlJwkProvider provider() throws IOException {
    UrlJwkProvider p = keys;
    if (p == null) {
      URL url =
          settings.discovery()
              ? discovery.jwksUri(settings.endpoint().toURL())
              : settings.endpoint().toURL();
      p = new UrlJwkProvider(url, http);
      keysUrl = url;
      keys = p;
    }
    return p;
  }

  /** The key server as a metric label: the configured endpoint's host and port, never a path. */
  private String source() {
    URI endpoint = settings.endpoint();
    return endpoint.getPort() < 0
        ? endpoint.getHost()
        : endpoint.getHost() + ":" + endpoint.getPort();
  }

  private String where() {
    URL url = keysUrl;
    return url != null ? url.toString() : settings.endpoint().toString();
  }

  private static String describe(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (out.length() > 0) {
        out.append(" <- ");
      }
      out.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        String m = t.getMessage();
        out.append(": ").append(m, 0, Math.min(200, m.length()));
      }
    }
    return out.toString();
  }

  @Override
  public void close() {}
}
