package dev.wsgate.provider.jwks;

import dev.wsgate.spi.ProviderEvents;
import dev.wsgate.spi.ProviderSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The settings of one {@code jwks} verifier, with every default in one place.
 *
 * @param endpoint the JWKS URL, or, when {@code discovery} is true, the OpenID configuration URL
 *     whose {@code jwks_uri} names it
 * @param discovery whether {@code endpoint} is an OpenID configuration document
 * @param issuer the exact {@code iss} every token must carry; empty to accept any issuer
 * @param audience accepted {@code aud} values (a token needs one of them); empty to skip the check
 * @param algorithms accepted JWS algorithms, a subset of {@link #SUPPORTED_ALGORITHMS}
 * @param connectTimeout how long to wait for a TCP connection to the key server
 * @param readTimeout how long to wait for data; also, added to {@code connectTimeout}, the deadline
 *     of one whole response
 * @param cacheTtl how long a fetched key set is used before it is fetched again
 * @param refreshAhead how long before {@code cacheTtl} ends a background refresh starts (at most
 *     half of {@code cacheTtl})
 * @param staleIfError how long past {@code cacheTtl} the last key set is still used while the key
 *     server fails
 * @param maxResponseBytes the largest response accepted from the key server
 * @param clockSkew the tolerance for {@code exp}, {@code nbf} and {@code iat}
 * @param events where key fetches are reported (the server's metrics)
 */
public record JwksSettings(
    URI endpoint,
    boolean discovery,
    String issuer,
    List<String> audience,
    List<String> algorithms,
    Duration connectTimeout,
    Duration readTimeout,
    Duration cacheTtl,
    Duration refreshAhead,
    Duration staleIfError,
    int maxResponseBytes,
    Duration clockSkew,
    ProviderEvents events) {

  /** The algorithms this provider can verify. */
  public static final List<String> SUPPORTED_ALGORITHMS =
      List.of(
          "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
          "Ed25519");

  public static final List<String> DEFAULT_ALGORITHMS = List.of("RS256");
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);
  public static final Duration DEFAULT_REFRESH_AHEAD = Duration.ofSeconds(30);
  public static final Duration DEFAULT_STALE_IF_ERROR = Duration.ofHours(1);
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

  public JwksSettings {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(issuer, "issuer");
    audience = List.copyOf(audience);
    algorithms = List.copyOf(algorithms);
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(cacheTtl, "cacheTtl");
    Objects.requireNonNull(refreshAhead, "refreshAhead");
    Objects.requireNonNull(staleIfError, "staleIfError");
    Objects.requireNonNull(clockSkew, "clockSkew");
  }

  /**
   * The longest a fetch can take: discovery plus the key set, each bounded by the connect and read
   * timeouts (a handshake waiting for a fetch waits at most this long).
   */
  public Duration refreshTimeout() {
    return refreshTimeout(connectTimeout, readTimeout);
  }

  private static Duration refreshTimeout(Duration connect, Duration read) {
    return connect.plus(read).multipliedBy(2).plusSeconds(1);
  }

  /**
   * Reads the settings under the provider's prefix; every problem is reported at once, each naming
   * its full key.
   */
  public static JwksSettings from(ProviderSettings s) {
    ProviderSettings.Problems problems = new ProviderSettings.Problems();
    Optional<URI> jwksUri = problems.read(() -> s.url("jwks-uri"), Optional.empty());
    Optional<String> issuer = problems.read(() -> s.optional("issuer"), Optional.empty());
    Optional<String> auth0 = problems.read(() -> s.optional("auth0-domain"), Optional.empty());
    List<String> audience = problems.read(() -> s.list("audience", List.of()), List.of());
    List<String> algorithms =
        problems.read(() -> s.list("algorithms", DEFAULT_ALGORITHMS), DEFAULT_ALGORITHMS);
    Duration connect =
        problems.read(
            () -> s.duration("connect-timeout", DEFAULT_CONNECT_TIMEOUT), DEFAULT_CONNECT_TIMEOUT);
    Duration readTimeout =
        problems.read(() -> s.duration("read-timeout", DEFAULT_READ_TIMEOUT), DEFAULT_READ_TIMEOUT);
    Duration ttl =
        problems.read(() -> s.duration("cache-ttl", DEFAULT_CACHE_TTL), DEFAULT_CACHE_TTL);
    Duration ahead =
        problems.read(
            () -> s.duration("refresh-ahead", DEFAULT_REFRESH_AHEAD), DEFAULT_REFRESH_AHEAD);
    Duration stale =
        problems.read(
            () -> s.duration("stale-if-error", DEFAULT_STALE_IF_ERROR), DEFAULT_STALE_IF_ERROR);
    int maxBytes =
        problems.read(
            () -> s.integer("max-response-bytes", DEFAULT_MAX_RESPONSE_BYTES, 256, 16 << 20),
            DEFAULT_MAX_RESPONSE_BYTES);

    for (String alg : algorithms) {
      if (!SUPPORTED_ALGORITHMS.contains(alg)) {
        problems.add(
            s.key("algorithms")
                + " contains '"
                + alg
                + "', which is not supported; use some of "
                + SUPPORTED_ALGORITHMS);
      }
    }
    if (connect.isZero()) {
      problems.add(s.key("connect-timeout") + " must be more than 0");
    }
    if (readTimeout.isZero()) {
      problems.add(s.key("read-timeout") + " must be more than 0");
    }
    Duration refreshTimeout = refreshTimeout(connect, readTimeout);
    if (ttl.compareTo(ahead.plus(refreshTimeout)) < 0) {
      problems.add(
          s.key("cache-ttl")
              + " ("
              + ttl
              + ") must be at least refresh-ahead + 2 × (connect-timeout + read-timeout) + 1s = "
              + ahead.plus(refreshTimeout));
    }

    URI endpoint = null;
    boolean discovery = false;
    String expectedIssuer = issuer.orElse("");
    if (jwksUri.isPresent() && auth0.isPresent()) {
      problems.add(
          s.key("jwks-uri") + " and " + s.key("auth0-domain") + " are both set; set only one");
    } else if (jwksUri.isPresent()) {
      endpoint = jwksUri.get();
    } else if (auth0.isPresent()) {
      String domain = auth0Domain(auth0.get());
      if (domain == null) {
        problems.add(
            s.key("auth0-domain")
                + " must be a host name such as tenant.us.auth0.com, got '"
                + auth0.get()
                + "'");
      } else {
        endpoint = URI.create("https://" + domain + "/.well-known/jwks.json");
        String auth0Issuer = "https://" + domain + "/";
        if (issuer.isPresent() && !issuer.get().equals(auth0Issuer)) {
          problems.add(
              s.key("issuer")
                  + " is '"
                  + issuer.get()
                  + "' but auth0-domain implies '"
                  + auth0Issuer
                  + "'; remove issuer");
        }
        expectedIssuer = auth0Issuer;
      }
    } else if (issuer.isPresent()) {
      endpoint = discoveryUrl(issuer.get());
      discovery = true;
      if (endpoint == null) {
        problems.add(
            s.key("issuer")
                + " must be an absolute http(s) URL for OpenID discovery, got '"
                + issuer.get()
                + "'");
      }
    } else {
      problems.add(
          s.key("jwks-uri")
              + " is required: set one of jwks-uri, issuer (OpenID discovery) or auth0-domain");
    }
    problems.throwIfAny();
    return new JwksSettings(
        endpoint,
        discovery,
        expectedIssuer,
        audience,
        algorithms,
        connect,
        readTimeout,
        ttl,
        ahead,
        stale,
        maxBytes,
        s.clockSkew(),
        s.events());
  }

  /** {@code tenant.auth0.com}, also written with {@code https://} and a trailing slash. */
  private static @Nullable String auth0Domain(String value) {
    String v = value.trim();
    if (v.regionMatches(true, 0, "https://", 0, 8)) {
      v = v.substring(8);
    }
    if (v.endsWith("/")) {
      v = v.substring(0, v.length() - 1);
    }
    v = v.toLowerCase(Locale.ROOT);
    return v.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\\d+)?")
        ? v
        : null;
  }

  /** {@code <issuer>/.well-known/openid-configuration}, per OpenID Connect Discovery 1.0 §4. */
  private static @Nullable URI discoveryUrl(String issuer) {
    try {
      URI uri = new URI(issuer);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https"))
          || uri.getHost() == null
          || uri.getQuery() != null
          || uri.getFragment() != null) {
        return null;
      }
      String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
      return new URI(base + "/.well-known/openid-configuration");
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }
}
