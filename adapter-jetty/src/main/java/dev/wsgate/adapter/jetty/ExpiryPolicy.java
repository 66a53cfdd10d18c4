package dev.wsgate.adapter.jetty;

import java.time.Duration;
import java.util.Objects;

/**
 * What happens to an open connection when its token expires: closed with {@code 4002 "token
 * expired"} (the default), or kept open for the application to handle. Immutable.
 */
public final class ExpiryPolicy {
  /** The default jitter window, as the wsgate server's {@code wsgate.session.expiry-jitter}. */
  public static final Duration DEFAULT_JITTER = Duration.ofSeconds(10);

  private final boolean close;
  private final Duration jitter;

  private ExpiryPolicy(boolean close, Duration jitter) {
    this.close = close;
    this.jitter = jitter;
  }

  /** Close with the {@link #DEFAULT_JITTER}. */
  public static ExpiryPolicy closeOnExpiry() {
    return closeOnExpiry(DEFAULT_JITTER);
  }

  /**
   * Close at a uniformly random moment in the window of {@code jitter} just before the token's
   * {@code exp} (at most half the remaining lifetime; never after {@code exp}), so that sockets
   * whose tokens were minted together do not all reconnect in the same second. Times come from the
   * gate's clock.
   */
  public static ExpiryPolicy closeOnExpiry(Duration jitter) {
    Objects.requireNonNull(jitter, "jitter");
    if (jitter.isNegative()) {
      throw new IllegalArgumentException("jitter must not be negative");
    }
    return new ExpiryPolicy(true, jitter);
  }

  /** Leave connections open when their token expires. */
  public static ExpiryPolicy keepOpen() {
    return new ExpiryPolicy(false, Duration.ZERO);
  }

  /** Whether expired connections are closed. */
  public boolean closes() {
    return close;
  }

  /** The jitter window; zero when connections are kept open. */
  public Duration jitter() {
    return jitter;
  }

  @Override
  public String toString() {
    return close ? "ExpiryPolicy[close, jitter=" + jitter + "]" : "ExpiryPolicy[keep]";
  }
}
