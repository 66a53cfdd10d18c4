package dev.wsgate.provider.clerk;

import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of the Clerk provider, with every default in one place.
 *
 * @param jwtKeyPem the instance's PEM public key, canonical form; empty in secret-key mode
 * @param secretKey the Clerk secret key used to fetch the JWKS; empty in jwt-key mode
 * @param apiUrl the Clerk Backend API base URL; the JWKS is {@code {apiUrl}/v1/jwks}
 * @param issuer the exact {@code iss} to require; empty for the Clerk issuer rule
 * @param audience an {@code aud} value to require; empty for none
 * @param authorizedParties normalised origins one of which {@code azp} must be; never empty
 * @param clockSkew tolerance for {@code exp}, {@code nbf} and {@code iat}
 * @param connectTimeout JWKS connect timeout
 * @param readTimeout JWKS read timeout
 * @param cacheTtl how long fetched keys are used before a refresh is attempted
 */
record ClerkSettings(
    String jwtKeyPem,
    Secret secretKey,
    URI apiUrl,
    String issuer,
    String audience,
    List<String> authorizedParties,
    Duration clockSkew,
    Duration connectTimeout,
    Duration readTimeout,
    Duration cacheTtl) {

  static final URI DEFAULT_API_URL = URI.create("https://api.clerk.com");
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);
  static final Duration DEFAULT_CACHE_TTL = Duration.ofHours(1);

  /** How long before {@code cache-ttl} ends a background refresh starts (at most half of it). */
  static final Duration REFRESH_AHEAD = Duration.ofMinutes(5);

  /** How long past {@code cache-ttl} fetched keys stay in use while Clerk's API fails. */
  static final Duration STALE_IF_ERROR = Duration.ofHours(24);

  /** Clerk's JWKS is well under 2 KiB; anything much larger is not Clerk's. */
  static final int MAX_JWKS_BYTES = 64 * 1024;

  static final int MIN_RSA_BITS = 2048;

  ClerkSettings {
    authorizedParties = List.copyOf(authorizedParties);
  }

  /** Whether keys come from {@code jwt-key} (no network) rather than the JWKS endpoint. */
  boolean networkless() {
    return !jwtKeyPem.isEmpty();
  }

  /** The JWKS endpoint: {@code {api-url}/v1/jwks}. */
  URI jwksUri() {
    String base = apiUrl.toString();
    return URI.create((base.endsWith("/") ? base : base + "/") + "v1/jwks");
  }

  /** Reads and checks every key, reporting all problems at once. */
  static ClerkSettings from(ProviderSettings s) {
    ProviderSettings.Problems problems = new ProviderSettings.Problems();
    Optional<String> jwtKey = problems.read(() -> s.optional("jwt-key"), Optional.empty());
    Optional<Secret> secretKey =
        problems.read(() -> s.optionalSecret("secret-key"), Optional.empty());
    URI apiUrl =
        problems.read(() -> s.url("api-url"), Optional.<URI>empty()).orElse(DEFAULT_API_URL);
    String issuer = problems.read(() -> s.optional("issuer"), Optional.<String>empty()).orElse("");
    String audience =
        problems.read(() -> s.optional("audience"), Optional.<String>empty()).orElse("");
    List<String> parties =
        problems.read(() -> s.list("authorized-parties", List.of()), List.<String>of());
    Duration connect = positive(s, problems, "connect-timeout", DEFAULT_CONNECT_TIMEOUT);
    Duration read = positive(s, problems, "read-timeout", DEFAULT_READ_TIMEOUT);
    Duration ttl = positive(s, problems, "cache-ttl", DEFAULT_CACHE_TTL);

    String pem = "";
    if (jwtKey.isPresent() && secretKey.isPresent()) {
      problems.add(
          s.key("jwt-key")
              + " and "
              + s.key("secret-key")
              + " are both set; set only one"
              + " (jwt-key, the instance's PEM public key, is recommended: it needs no network)");
    } else if (jwtKey.isPresent()) {
      pem = ClerkPem.canonical(jwtKey.get()).orElse("");
      if (pem.isEmpty()) {
        problems.add(
            s.key("jwt-key")
                + " is not an RSA public key of at least "
                + MIN_RSA_BITS
                + " bits in PEM form (-----BEGIN PUBLIC KEY----- …); copy the 'PEM public key'"
                + " from the API keys page of the Clerk Dashboard");
      }
    } else if (secretKey.isPresent()) {
      if (secretKey.get().reveal().startsWith("pk_")) {
        problems.add(
            s.key("secret-key") + " holds a publishable key (pk_…); use the secret key (sk_…)");
      }
      if (apiUrl.getRawQuery() != null || apiUrl.getRawFragment() != null) {
        problems.add(s.key("api-url") + " must be a base URL without query or fragment");
      }
      if (!secureOrLoopback(apiUrl)) {
        problems.add(
            s.key("api-url")
                + " must be https (the secret key is sent to it), or http on a loopback host;"
                + " got '"
                + apiUrl
                + "'");
      }
    } else {
      problems.add(
          s.key("jwt-key")
              + " (recommended, networkless) or "
              + s.key("secret-key")
              + " is required: set one of them");
    }
    List<String> normalisedParties = authorizedParties(s, parties, problems);
    problems.throwIfAny();
    return new ClerkSettings(
        pem,
        secretKey.orElse(Secret.of("")),
        apiUrl,
        issuer,
        audience,
        normalisedParties,
        s.clockSkew(),
        connect,
        read,
        ttl);
  }

  private static List<String> authorizedParties(
      ProviderSettings s, List<String> configured, ProviderSettings.Problems problems) {
    List<String> out = new ArrayList<>();
    if (!configured.isEmpty()) {
      for (String p : configured) {
        Optional<String> n = Origins.normalise(p);
        if (n.isEmpty()) {
          problems.add(
              s.key("authorized-parties")
                  + " entry '"
                  + p
                  + "' is not an origin such as https://app.example.com (no path, no wildcard)");
        } else if (!out.contains(n.get())) {
          out.add(n.get());
        }
      }
      return out;
    }
    for (String origin : s.allowedOrigins()) {
      Origins.normalise(origin).filter(n -> !out.contains(n)).ifPresent(out::add);
    }
    if (out.isEmpty()) {
      problems.add(
          s.key("authorized-parties")
              + " is not set and the tenant's wsgate.origins has no exact origin to default to;"
              + " list the origins of your front end, such as https://app.example.com");
    }
    return out;
  }

  private static boolean secureOrLoopback(URI uri) {
    if ("https".equalsIgnoreCase(uri.getScheme())) {
      return true;
    }
    String host = uri.getHost();
    return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
  }

  private static Duration positive(
      ProviderSettings s, ProviderSettings.Problems problems, String name, Duration fallback) {
    Duration d = problems.read(() -> s.duration(name, fallback), fallback);
    if (d.isZero()) {
      problems.add(s.key(name) + " must be longer than zero");
      return fallback;
    }
    return d;
  }

  /** Names the mode and checks; never the secret key. */
  @Override
  public String toString() {
    return "ClerkSettings[mode="
        + (networkless() ? "jwt-key" : "secret-key, api-url=" + apiUrl)
        + ", issuer="
        + (issuer.isEmpty() ? "<clerk rule>" : issuer)
        + ", audience="
        + audience
        + ", authorizedParties="
        + authorizedParties
        + "]";
  }
}
