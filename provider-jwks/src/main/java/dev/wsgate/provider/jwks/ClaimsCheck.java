package dev.wsgate.provider.jwks;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.wsgate.internal.TimeWindow;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.List;

/**
 * The claim rules, against the request's time: {@code exp} required, {@code exp}, {@code nbf} and
 * {@code iat} within the clock skew, {@code iss} equal to the configured issuer, {@code aud}
 * containing a configured audience, {@code sub} present.
 *
 * <p>Not nimbus's {@code DefaultJWTClaimsVerifier}: it does not check {@code iat}, takes its time
 * from {@code currentTime()} rather than the request, and reports every failure as one exception
 * type told apart only by message; here each rule maps to its own {@link Failure}.
 */
final class ClaimsCheck {
  private final String issuer;
  private final List<String> audience;
  private final Duration skew;

  ClaimsCheck(String issuer, List<String> audience, Duration skew) {
    this.issuer = issuer;
    this.audience = List.copyOf(audience);
    this.skew = skew;
  }

  void check(JWTClaimsSet claims, Instant now) throws AuthenticationException {
    TimeWindow.check(
        instant(claims.getExpirationTime()),
        instant(claims.getNotBeforeTime()),
        instant(claims.getIssueTime()),
        now,
        skew);
    if (!issuer.isEmpty() && !issuer.equals(claims.getIssuer())) {
      // the expected values are configuration: not for unauthenticated clients
      throw new AuthenticationException(Failure.WRONG_ISSUER, "token issuer is not accepted");
    }
    if (!audience.isEmpty() && Collections.disjoint(audience, claims.getAudience())) {
      throw new AuthenticationException(
          Failure.WRONG_AUDIENCE, "token audience does not include this service");
    }
    String sub = claims.getSubject();
    if (sub == null || sub.isBlank()) {
      throw new AuthenticationException(Failure.MALFORMED_TOKEN, "token has no subject (sub)");
    }
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
