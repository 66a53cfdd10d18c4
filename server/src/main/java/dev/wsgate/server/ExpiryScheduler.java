package dev.wsgate.server;

import dev.wsgate.gate.ExpiryWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * Closes connections whose token expires ({@code wsgate.session.on-expiry=close}) with 4002 "token
 * expired". Every connection shares one {@link ScheduledExecutorService}: one queued task each, no
 * thread or timer per connection. Closes are spread uniformly over a window just before {@code exp}
 * (the configured jitter, at most half the remaining lifetime), so that sockets whose tokens were
 * minted together do not all reconnect in the same second; a close is never later than {@code exp}.
 */
final class ExpiryScheduler {
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final Duration jitter;
  private final DoubleSupplier random;

  ExpiryScheduler(
      ScheduledExecutorService scheduler, Clock clock, Duration jitter, DoubleSupplier random) {
    this.scheduler = scheduler;
    this.clock = clock;
    this.jitter = jitter;
    this.random = random;
  }

  /**
   * Arms the close of a connection that must end at {@code exp} (spread over the jitter window).
   *
   * @param close closes the connection with 4002
   * @return the task to cancel when the connection closes first; empty when none was armed
   */
  Optional<ScheduledFuture<?>> watch(Optional<Instant> exp, Runnable close) {
    if (exp.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Instant at = ExpiryWindow.closeAt(exp.get(), now, jitter, random.getAsDouble());
    long delay = Math.max(0, Duration.between(now, at).toMillis());
    try {
      return Optional.of(scheduler.schedule(close, delay, TimeUnit.MILLISECONDS));
    } catch (RejectedExecutionException e) {
      return Optional.empty(); // the server is stopping and closes every connection itself
    }
  }
}
