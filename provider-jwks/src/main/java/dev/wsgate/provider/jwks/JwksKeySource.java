package dev.wsgate.provider.jwks;

import com.auth0.jwk.JwkException;
import com.auth0.jwk.JwksHttpClient;
import com.auth0.jwk.UrlJwkProvider;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.wsgate.internal.keys.Fetched;
import dev.wsgate.internal.keys.KeySource;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.HashSet;
import java.util.Set;

/**
 * One fetch of the key set, for the shared {@link dev.wsgate.internal.keys.KeySet}: OpenID
 * discovery on the first successful fetch (when configured), then the JWKS, with jwks-rsa doing the
 * HTTP (through {@link BoundedHttpClient}) and the JSON, and {@link JwkConversion} handing nimbus
 * the keys. Every failure (network, HTTP status, oversized or malformed body, no usable key,
 * discovery mismatch) is an {@link IOException}.
 */
final class JwksKeySource implements KeySource<JWKSet> {
  private final JwksSettings settings;
  private final OidcDiscovery discovery;
  private final JwksHttpClient http;
  private volatile UrlJwkProvider keys;
  private volatile URL keysUrl;

  JwksKeySource(JwksSettings settings, JwksHttpClient http) {
    this.settings = settings;
    this.http = http;
    this.discovery = new OidcDiscovery(settings.issuer(), http);
  }

  @Override
  public Fetched<JWKSet> fetch() throws IOException {
    JWKSet set;
    try {
      set = JwkConversion.toJwkSet(provider().getAll());
    } catch (JwkException | RuntimeException e) {
      // jwks-rsa wraps IO and JSON errors in NetworkException, an empty set in
      // SigningKeyNotFoundException, and a non-object "keys" surfaces as ClassCastException: for
      // us each means the same thing, the key set cannot be had right now
      throw new IOException("cannot fetch signing keys", e);
    }
    if (set.isEmpty()) {
      throw new IOException("no usable key in the key set of " + location());
    }
    Set<String> kids = new HashSet<>();
    for (JWK k : set.getKeys()) {
      if (k.getKeyID() != null) {
        kids.add(k.getKeyID());
      }
    }
    return new Fetched<>(set, kids, settings.cacheTtl());
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

  @Override
  public String location() {
    URL url = keysUrl;
    return url != null ? url.toString() : settings.endpoint().toString();
  }

  @Override
  public void fetched(boolean succeeded) {
    settings.events().keyFetch(source(), succeeded);
  }

  /** The key server as a metric label: the configured endpoint's host and port, never a path. */
  private String source() {
    URI endpoint = settings.endpoint();
    return endpoint.getPort() < 0
        ? endpoint.getHost()
        : endpoint.getHost() + ":" + endpoint.getPort();
  }
}
