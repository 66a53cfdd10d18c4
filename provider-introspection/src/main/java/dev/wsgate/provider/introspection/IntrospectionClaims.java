package dev.wsgate.provider.introspection;

import dev.wsgate.internal.TimeWindow;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges an introspection answer (RFC 7662 §2.2) for one token: {@code active} must be {@code
 * true}, then {@code exp}, {@code nbf}, {@code iss}, {@code aud} and {@code scope} are checked
 * against the settings and the context's clock, in that order. Members of the wrong type are
 * refused rather than ignored: an answer the gate cannot read is not trusted.
 */
final class IntrospectionClaims {
  private static final long MAX_SECONDS = 1_000_000_000_000L;

  private IntrospectionClaims() {}

  static VerifiedToken check(
      Map<String, Object> answer, IntrospectionSettings s, VerificationContext context)
      throws AuthenticationException {
    if (!Boolean.TRUE.equals(answer.get("active"))) {
      // unknown, revoked, expired or never issued: the server does not say which (§2.2)
      throw new AuthenticationException(
          Failure.TOKEN_INACTIVE, "the authorization server reports the token as not active");
    }
    Instant now = context.now();
    Instant exp = time(answer, "exp");
    if (exp != null && TimeWindow.expired(exp, now, s.clockSkew())) {
      throw new AuthenticationException(Failure.EXPIRED, "token expired");
    }
    Instant nbf = time(answer, "nbf");
    if (nbf != null && now.plus(s.clockSkew()).isBefore(nbf)) {
      throw new AuthenticationException(Failure.NOT_YET_VALID, "token is not valid yet");
    }
    String iss = text(answer, "iss");
    if (!s.issuer().isEmpty() && !s.issuer().equals(iss)) {
      throw new AuthenticationException(
          Failure.WRONG_ISSUER, "token issuer is not '" + s.issuer() + "'");
    }
    List<String> aud = audience(answer);
    if (!s.audience().isEmpty() && aud.stream().noneMatch(s.audience()::contains)) {
      throw new AuthenticationException(
          Failure.WRONG_AUDIENCE, "token audience is none of " + s.audience());
    }
    Set<String> scopes = scopes(answer);
    List<String> missing = new ArrayList<>();
    for (String required : s.requiredScopes()) {
      if (!scopes.contains(required)) {
        missing.add(required);
      }
    }
    if (!missing.isEmpty()) {
      throw new AuthenticationException(
          Failure.INSUFFICIENT_SCOPE, "token lacks the scopes " + missing);
    }
    String sub = text(answer, "sub");
    if (sub == null || sub.isBlank()) {
      throw new AuthenticationException(
          Failure.MALFORMED_TOKEN, "the introspection answer names no subject (sub)");
    }
    VerifiedToken.Builder b =
        VerifiedToken.builder(IntrospectionVerifierProvider.ID, sub)
            .audience(aud)
            .scopes(scopes)
            .tenant(context.tenant())
            .claims(answer);
    if (iss != null) {
      b.issuer(iss);
    }
    if (exp != null) {
      b.expiresAt(exp);
    }
    return b.build();
  }

  private static String text(Map<String, Object> answer, String name)
      throws AuthenticationException {
    Object v = answer.get(name);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw malformed(name, "a string");
  }

  /** A NumericDate: seconds since the epoch, a fraction allowed. */
  private static Instant time(Map<String, Object> answer, String name)
      throws AuthenticationException {
    Object v = answer.get(name);
    if (v == null) {
      return null;
    }
    // within ±31,700 years: Instant arithmetic (exp + skew, the cache's bounds) cannot overflow
    if (v instanceof Long && Math.abs((Long) v) < MAX_SECONDS) {
      return Instant.ofEpochSecond((Long) v);
    }
    if (v instanceof Double && Math.abs((Double) v) < MAX_SECONDS) {
      return Instant.ofEpochMilli((long) ((Double) v * 1000));
    }
    throw malformed(name, "a number of seconds since 1970");
  }

  /** {@code aud}: one string or an array of strings. */
  private static List<String> audience(Map<String, Object> answer) throws AuthenticationException {
    Object v = answer.get("aud");
    if (v == null) {
      return List.of();
    }
    if (v instanceof String) {
      return List.of((String) v);
    }
    if (v instanceof List) {
      List<String> out = new ArrayList<>();
      for (Object o : (List<?>) v) {
        if (!(o instanceof String)) {
          throw malformed("aud", "a string or an array of strings");
        }
        out.add((String) o);
      }
      return out;
    }
    throw malformed("aud", "a string or an array of strings");
  }

  /** {@code scope}: space-separated scope tokens (RFC 6749 §3.3). */
  private static Set<String> scopes(Map<String, Object> answer) throws AuthenticationException {
    String scope = text(answer, "scope");
    Set<String> out = new LinkedHashSet<>();
    if (scope != null) {
      Arrays.stream(scope.split(" ")).filter(x -> !x.isEmpty()).forEach(out::add);
    }
    return out;
  }

  private static AuthenticationException malformed(String member, String expected) {
    return new AuthenticationException(
        Failure.PROVIDER_UNAVAILABLE,
        "the introspection answer's '" + member + "' is not " + expected);
  }
}
