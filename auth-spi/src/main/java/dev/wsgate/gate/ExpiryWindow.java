package dev.wsgate.gate;

import java.time.Duration;
import java.time.Instant;

/**
 * When a server closes a connection whose token expires (with {@link
 * dev.wsgate.spi.Failure#EXPIRED}'s close code): spread over a small window just before {@code
 * exp}, so that sockets whose tokens were minted together do not all reconnect in the same second,
 * and never after {@code exp}. Shared by every server adapter.
 */
public final class ExpiryWindow {
  private ExpiryWindow() {}

  /**
   * The close time of a connection whose token expires at {@code exp}: {@code exp} minus the share
   * {@code u} ∈ [0, 1] of a window that is {@code jitter}, but at most half the remaining lifetime
   * (a short-lived token is not closed long before its time). Never after {@code exp}; {@code now}
   * when the token has already expired. {@code u} outside [0, 1] is clamped.
   *
   * @param u a uniform random number, drawn by the caller so that tests can fix it
   */
  public static Instant closeAt(Instant exp, Instant now, Duration jitter, double u) {
    Duration remaining = Duration.between(now, exp);
    if (remaining.isNegative() || remaining.isZero()) {
      return now;
    }
    // jitter < remaining / 2, in whole arithmetic: Duration.dividedBy goes through BigDecimal,
    // too costly for a step of every handshake
    long windowMillis =
        jitter.compareTo(remaining.minus(jitter)) < 0
            ? jitter.toMillis()
            : remaining.toMillis() / 2;
    long spread = (long) (windowMillis * Math.min(Math.max(u, 0), 1));
    return exp.minusMillis(spread);
  }
}
