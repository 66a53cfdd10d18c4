package dev.wsgate.internal;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.VerificationContext;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The one rule for a token's time claims, shared by every provider, the gate and the server (every
 * provider honours {@code wsgate.clock-skew}, {@link ProviderSettings#clockSkew()}): a token is
 * usable while {@code now < exp + skew}, once {@code now + skew ≥ nbf}, and when it was not issued
 * after {@code now + skew}. Time always comes from {@link VerificationContext#now()}.
 */
public final class TimeWindow {
  private TimeWindow() {}

  /** Whether a token expiring at {@code exp} is expired at {@code now}, {@code skew} allowed. */
  public static boolean expired(Instant exp, Instant now, Duration skew) {
    return !now.isBefore(exp.plus(skew));
  }

  /**
   * Checks {@code exp} (required), then {@code nbf} and {@code iat} when present.
   *
   * @param exp the expiry, or null when the token has none ({@link Failure#MALFORMED_TOKEN})
   * @param nbf not-before, or null
   * @param iat issued-at, or null
   * @throws AuthenticationException {@link Failure#MALFORMED_TOKEN}, {@link Failure#EXPIRED} or
   *     {@link Failure#NOT_YET_VALID}, with a message that names the claim, never its value
   */
  public static void check(
      @Nullable Instant exp,
      @Nullable Instant nbf,
      @Nullable Instant iat,
      Instant now,
      Duration skew)
      throws AuthenticationException {
    if (exp == null) {
      throw new AuthenticationException(Failure.MALFORMED_TOKEN, "token has no expiry (exp)");
    }
    if (expired(exp, now, skew)) {
      throw new AuthenticationException(Failure.EXPIRED, "token expired");
    }
    Instant latest = now.plus(skew);
    if (nbf != null && nbf.isAfter(latest)) {
      throw new AuthenticationException(Failure.NOT_YET_VALID, "token is not valid yet (nbf)");
    }
    if (iat != null && iat.isAfter(latest)) {
      throw new AuthenticationException(
          Failure.NOT_YET_VALID, "token is issued in the future (iat)");
    }
  }
}
