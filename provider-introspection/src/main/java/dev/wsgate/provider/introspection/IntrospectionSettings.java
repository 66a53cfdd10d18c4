package dev.wsgate.provider.introspection;

import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The settings of one {@code introspection} verifier, with every default in one place.
 *
 * @param url the authorization server's introspection endpoint (RFC 7662 §2)
 * @param clientAuth how the gate authenticates to it: {@code client_secret_basic} (HTTP Basic) or
 *     {@code client_secret_post} (in the form)
 * @param clientId the gate's client id at the authorization server
 * @param clientSecret the gate's client secret
 * @param tokenTypeHint the {@code token_type_hint} sent; empty to send none
 * @param issuer the exact {@code iss} an answer must carry; empty to accept any
 * @param audience accepted {@code aud} values (an answer needs one of them); empty to skip the
 *     check
 * @param requiredScopes scopes the answer's {@code scope} must all contain
 * @param connectTimeout how long to wait for a connection to the endpoint
 * @param readTimeout how long to wait for the answer once connected; the whole exchange gets {@code
 *     connectTimeout + readTimeout}
 * @param maxResponseBytes the largest answer accepted
 * @param cacheMaxAge how long the server may reuse an answer without asking again: a revocation at
 *     the authorization server is seen within it
 * @param clockSkew the tolerance for {@code exp} and {@code nbf}
 */
public record IntrospectionSettings(
    URI url,
    String clientAuth,
    String clientId,
    Secret clientSecret,
    String tokenTypeHint,
    String issuer,
    List<String> audience,
    List<String> requiredScopes,
    Duration connectTimeout,
    Duration readTimeout,
    int maxResponseBytes,
    Duration cacheMaxAge,
    Duration clockSkew) {

  /**
   * HTTP Basic with the client id and secret (RFC 6749 §2.3.1), the method servers must support.
   */
  public static final String CLIENT_SECRET_BASIC = "client_secret_basic";

  /** The client id and secret as form parameters. */
  public static final String CLIENT_SECRET_POST = "client_secret_post";

  public static final String DEFAULT_TOKEN_TYPE_HINT = "access_token";
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(3);
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

  /**
   * Short: every answer kept this long is one a revocation does not reach yet, and a reconnect
   * storm of the same tokens is still answered from the cache.
   */
  public static final Duration DEFAULT_CACHE_MAX_AGE = Duration.ofSeconds(30);

  public IntrospectionSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(clientAuth, "clientAuth");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    Objects.requireNonNull(tokenTypeHint, "tokenTypeHint");
    Objects.requireNonNull(issuer, "issuer");
    audience = List.copyOf(audience);
    requiredScopes = List.copyOf(requiredScopes);
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(cacheMaxAge, "cacheMaxAge");
    Objects.requireNonNull(clockSkew, "clockSkew");
  }

  /**
   * Reads the settings under the provider's prefix; every problem is reported at once, each naming
   * its full key.
   */
  public static IntrospectionSettings from(ProviderSettings s) {
    ProviderSettings.Problems problems = new ProviderSettings.Problems();
    URI url = problems.read(() -> s.requiredUrl("url"), null);
    String clientAuth =
        problems
            .read(() -> s.string("client-auth", CLIENT_SECRET_BASIC), CLIENT_SECRET_BASIC)
            .toLowerCase(Locale.ROOT);
    String clientId = problems.read(() -> s.required("client-id"), "");
    Secret clientSecret = problems.read(() -> s.secret("client-secret"), null);
    String hint =
        problems.read(
            () -> s.string("token-type-hint", DEFAULT_TOKEN_TYPE_HINT), DEFAULT_TOKEN_TYPE_HINT);
    String issuer = problems.read(() -> s.string("issuer", ""), "");
    List<String> audience = problems.read(() -> s.list("audience", List.of()), List.of());
    List<String> scopes = problems.read(() -> s.list("required-scopes", List.of()), List.of());
    Duration connect = positive(s, problems, "connect-timeout", DEFAULT_CONNECT_TIMEOUT);
    Duration read = positive(s, problems, "read-timeout", DEFAULT_READ_TIMEOUT);
    Duration maxAge = positive(s, problems, "cache-max-age", DEFAULT_CACHE_MAX_AGE);
    int maxBytes =
        problems.read(
            () -> s.integer("max-response-bytes", DEFAULT_MAX_RESPONSE_BYTES, 256, 16 << 20),
            DEFAULT_MAX_RESPONSE_BYTES);
    if (!clientAuth.equals(CLIENT_SECRET_BASIC) && !clientAuth.equals(CLIENT_SECRET_POST)) {
      problems.add(
          s.key("client-auth")
              + " is '"
              + clientAuth
              + "'; expected "
              + CLIENT_SECRET_BASIC
              + " or "
              + CLIENT_SECRET_POST);
    }
    if (url != null && (url.getRawQuery() != null || url.getRawFragment() != null)) {
      problems.add(s.key("url") + " must have no query or fragment, got '" + url + "'");
    }
    problems.throwIfAny();
    return new IntrospectionSettings(
        url,
        clientAuth,
        clientId,
        clientSecret,
        hint,
        issuer,
        audience,
        scopes,
        connect,
        read,
        maxBytes,
        maxAge,
        s.clockSkew());
  }

  private static Duration positive(
      ProviderSettings s, ProviderSettings.Problems problems, String name, Duration fallback) {
    Duration d = problems.read(() -> s.duration(name, fallback), fallback);
    if (d.isZero()) {
      problems.add(s.key(name) + " must be longer than 0");
      return fallback;
    }
    return d;
  }

  /** The deadline of one whole exchange with the endpoint. */
  Duration exchangeTimeout() {
    return connectTimeout.plus(readTimeout);
  }

  @Override
  public String toString() {
    return "IntrospectionSettings[url="
        + url
        + ", clientAuth="
        + clientAuth
        + ", clientId="
        + clientId
        + ", clientSecret=****, issuer="
        + issuer
        + ", audience="
        + audience
        + ", requiredScopes="
        + requiredScopes
        + ", cacheMaxAge="
        + cacheMaxAge
        + "]";
  }
}
