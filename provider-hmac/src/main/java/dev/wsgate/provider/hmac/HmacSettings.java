package dev.wsgate.provider.hmac;

import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of the {@code hmac} provider and every default, read from {@code
 * wsgate.provider.hmac.*}.
 *
 * @param secret the shared secret; its UTF-8 bytes are the HMAC key
 * @param algorithms the accepted {@code alg} values, a subset of HS256, HS384, HS512
 * @param issuer the required {@code iss}; empty to accept any
 * @param audience the audience that {@code aud} must contain; empty to accept any
 * @param requiredClaims claims that must be present besides {@code exp} and {@code sub}
 * @param clockSkew the tolerance for {@code exp}, {@code nbf} and {@code iat}
 */
record HmacSettings(
    Secret secret,
    List<String> algorithms,
    String issuer,
    String audience,
    List<String> requiredClaims,
    Duration clockSkew) {

  static final List<String> DEFAULT_ALGORITHMS = List.of("HS256");

  /** Minimum key length in bytes for each algorithm: as many bits as its hash (RFC 7518 3.2). */
  static final Map<String, Integer> MIN_KEY_BYTES = Map.of("HS256", 32, "HS384", 48, "HS512", 64);

  HmacSettings {
    algorithms = List.copyOf(algorithms);
    requiredClaims = List.copyOf(requiredClaims);
  }

  static HmacSettings from(ProviderSettings s) {
    ProviderSettings.Problems problems = new ProviderSettings.Problems();
    problems.check(() -> algorithms(s));
    problems.check(() -> s.secret("secret"));
    problems.check(() -> s.string("issuer", ""));
    problems.check(() -> s.string("audience", ""));
    problems.check(() -> s.list("required-claims", List.of()));
    problems.throwIfAny();
    List<String> algorithms = algorithms(s);
    Secret secret = s.secret("secret");
    int needed = algorithms.stream().mapToInt(MIN_KEY_BYTES::get).max().orElse(32);
    int has = secret.bytes().length;
    if (has < needed) {
      throw s.problem(
          "secret",
          "is too short: "
              + String.join(",", algorithms)
              + " needs at least "
              + needed * 8
              + " bits ("
              + needed
              + " bytes), the configured secret has "
              + has * 8
              + " bits");
    }
    return new HmacSettings(
        secret,
        algorithms,
        s.string("issuer", ""),
        s.string("audience", ""),
        s.list("required-claims", List.of()),
        s.clockSkew());
  }

  private static List<String> algorithms(ProviderSettings s) {
    List<String> algorithms = new ArrayList<>();
    for (String a : s.list("algorithms", DEFAULT_ALGORITHMS)) {
      String upper = a.toUpperCase(Locale.ROOT);
      if (!MIN_KEY_BYTES.containsKey(upper)) {
        throw s.problem(
            "algorithms", "contains '" + a + "'; expected a subset of HS256, HS384, HS512");
      }
      if (!algorithms.contains(upper)) {
        algorithms.add(upper);
      }
    }
    if (algorithms.isEmpty()) {
      throw s.problem("algorithms", "is empty; expected a subset of HS256, HS384, HS512");
    }
    return algorithms;
  }

  Optional<String> requiredIssuer() {
    return issuer.isEmpty() ? Optional.empty() : Optional.of(issuer);
  }

  Optional<String> requiredAudience() {
    return audience.isEmpty() ? Optional.empty() : Optional.of(audience);
  }

  @Override
  public String toString() {
    return "HmacSettings[secret=****, algorithms="
        + algorithms
        + ", issuer="
        + issuer
        + ", audience="
        + audience
        + ", requiredClaims="
        + requiredClaims
        + ", clockSkew="
        + clockSkew
        + "]";
  }
}
