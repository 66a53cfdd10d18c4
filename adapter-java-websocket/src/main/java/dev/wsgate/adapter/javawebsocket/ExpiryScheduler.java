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
import java.util.function.Supplier;
import org.java_websocket.WebSocket;

/**
 * Closes connections at their deadline: the token's {@code exp} ({@code
 * wsgate.session.on-expiry=close}) or the session's end of life, with 4002. Each {@link Session}
 * keeps its deadline as a {@link System#nanoTime()} value, and one task on the server's timer walks
 * the open connections every {@link #TICK} and closes those past theirs: no task, thread or timer
 * per connection. (A queued task per connection, scheduled and cancelled under the timer's lock,
 * cost about 2 µs of every handshake; the walk costs tens of nanoseconds per open connection per
 * tick.)
 *
 * <p>Closes are spread uniformly over a window just before {@code exp} (the configured jitter, at
 * most half the remaining lifetime), so that sockets whose tokens were minted together do not all
 * reconnect in the same second. A deadline is set one tick early, so that a close is not later than
 * {@code exp}. The delay is read from the injected {@link Clock} when the deadline is set and then
 * runs in real time.
 */
final class ExpiryScheduler {
  static final Duration TICK = Duration.ofMillis(500);

  /** Further than any deadline: a delay this long means "never" (and cannot overflow). */
  private static final long NEVER_NANOS = Long.MAX_VALUE / 4;

  private final Clock clock;
  private final Duration jitter;
  private final DoubleSupplier random;

  ExpiryScheduler(Clock clock, Duration jitter, DoubleSupplier random) {
    this.clock = clock;
    this.jitter = jitter;
    this.random = random;
  }

  /** The {@link System#nanoTime()} at which a connection that must end at {@code end} is closed. */
  long closeAtNanos(Instant end) {
    Instant now = clock.instant();
    Instant at = ExpiryWindow.closeAt(end, now, jitter, random.getAsDouble());
    long delay;
    try {
      delay = Duration.between(now, at).minus(TICK).toNanos();
    } catch (ArithmeticException farAway) {
      delay = NEVER_NANOS;
    }
    return System.nanoTime() + Math.max(0, Math.min(delay, NEVER_NANOS));
  }

  /** Walks {@code connections} every {@link #TICK} on {@code timer}, closing overdue sessions. */
  static void sweepEvery(
      ScheduledExecutorService timer, Supplier<Collection<WebSocket>> connections) {
    long every = TICK.toMillis();
    try {
      timer.scheduleWithFixedDelay(
          () -> closeOverdue(connections.get(), System.nanoTime()),
          every,
          every,
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // the server is stopping and closes every connection itself
    }
  }

  /** Closes the sessions among {@code connections} whose deadline is at or before {@code now}. */
  static void closeOverdue(Collection<WebSocket> connections, long nowNanos) {
    for (WebSocket conn : connections) {
      Object a = conn.getAttachment();
      if (a instanceof Session) {
        ((Session) a).closeIfDue(nowNanos);
      }
    }
  }
}
