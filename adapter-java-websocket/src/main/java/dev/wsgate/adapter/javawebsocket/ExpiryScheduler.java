package dev.wsgate.adapter.javawebsocket;

import dev.wsgate.gate.ExpiryWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.java_websocket.WebSocket;

/**
 * Closes connections at their deadline: the token's {@code exp} ({@code
 * wsgate.session.on-expiry=close}) or the session's end of life, with 4002. Each {@link Session}
 * keeps its deadline as a ticker value ({@link System#nanoTime()}), and one task on the server's
 * timer walks the open connections every {@link #TICK}; a session whose deadline comes before the
 * walk after next gets a one-shot close task at the deadline itself. So no task is scheduled per
 * handshake (scheduling and cancelling one takes the timer's lock twice per connection), only one
 * per connection that actually reaches its deadline, in its last second; and the close is exact:
 * never before the deadline, later only by the timer's own latency.
 *
 * <p>Closes are spread uniformly over a window just before {@code exp} (the configured jitter, at
 * most half the remaining lifetime), so that sockets whose tokens were minted together do not all
 * reconnect in the same second. The delay is read from the injected {@link Clock} when the deadline
 * is set and then runs on the ticker.
 */
final class ExpiryScheduler {
  static final Duration TICK = Duration.ofMillis(500);

  /** How far ahead a walk arms closes: past the next walk, however long this one takes. */
  static final long HORIZON_NANOS = 2 * TICK.toNanos();

  /** Further than any deadline: a delay this long means "never" (and cannot overflow). */
  private static final long NEVER_NANOS = Long.MAX_VALUE / 4;

  /** Runs a task once after a delay; the server's timer in production. */
  interface Alarm {
    void after(long delayNanos, Runnable task);
  }

  private final Clock clock;
  private final Duration jitter;
  private final DoubleSupplier random;
  private final LongSupplier ticker;

  ExpiryScheduler(Clock clock, Duration jitter, DoubleSupplier random) {
    this(clock, jitter, random, System::nanoTime);
  }

  ExpiryScheduler(Clock clock, Duration jitter, DoubleSupplier random, LongSupplier ticker) {
    this.clock = clock;
    this.jitter = jitter;
    this.random = random;
    this.ticker = ticker;
  }

  /** The ticker value at which a connection that must end at {@code end} is closed. */
  long closeAtNanos(Instant end) {
    Instant now = clock.instant();
    Instant at = ExpiryWindow.closeAt(end, now, jitter, random.getAsDouble());
    long delay;
    try {
      delay = Duration.between(now, at).toNanos();
    } catch (ArithmeticException farAway) {
      delay = NEVER_NANOS;
    }
    return ticker.getAsLong() + Math.max(0, Math.min(delay, NEVER_NANOS));
  }

  /** Walks {@code connections} every {@link #TICK} on {@code timer}, arming due closes. */
  static void sweepEvery(
      ScheduledExecutorService timer, Supplier<Collection<WebSocket>> connections) {
    LongSupplier ticker = System::nanoTime;
    Alarm alarm =
        (delay, task) -> {
          try {
            timer.schedule(task, delay, TimeUnit.NANOSECONDS);
          } catch (RejectedExecutionException e) {
            // the server is stopping and closes every connection itself
          }
        };
    long every = TICK.toMillis();
    try {
      timer.scheduleWithFixedDelay(
          () -> armDue(connections.get(), ticker, alarm), every, every, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // the server is stopping and closes every connection itself
    }
  }

  /**
   * Arms a close at its deadline for each session among {@code connections} whose deadline is
   * within {@link #HORIZON_NANOS} of the ticker's now; the close task reads the ticker again and
   * closes only a session that is due then.
   */
  static void armDue(Collection<WebSocket> connections, LongSupplier ticker, Alarm alarm) {
    long now = ticker.getAsLong();
    for (WebSocket conn : connections) {
      Object a = conn.getAttachment();
      if (a instanceof Session) {
        Session s = (Session) a;
        long delay = s.armCloseWithin(now, HORIZON_NANOS);
        if (delay >= 0) {
          alarm.after(delay, () -> s.closeIfDue(ticker.getAsLong()));
        }
      }
    }
  }
}
