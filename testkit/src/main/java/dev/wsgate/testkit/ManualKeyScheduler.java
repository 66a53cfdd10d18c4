package dev.wsgate.testkit;

import dev.wsgate.internal.keys.KeyScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * A provider key set's scheduler ({@code dev.wsgate.internal.keys.KeyScheduler}) and the {@link
 * Clock} of the same made-up time, both moved by the test: fetches wait in a queue until {@link
 * #runQueued()} runs them on the test's thread, retry timers fire in {@link #advance}. So the
 * key-fetching rules (cooldowns, retry steps, cache ages) are tested against a real key server
 * without sleeping. Thread-safe.
 */
public final class ManualKeyScheduler extends Clock implements KeyScheduler {
  private record Timer(long at, Runnable task, boolean[] cancelled) {}

  private final Deque<Runnable> queue = new ArrayDeque<>();
  private final List<Timer> timers = new ArrayList<>();
  private final List<Duration> delays = new ArrayList<>();
  private long now;
  private boolean closed;

  /** A scheduler whose time stands at {@code start}. */
  public ManualKeyScheduler(Instant start) {
    this.now = start.toEpochMilli();
  }

  @Override
  public synchronized void execute(Runnable task) {
    if (closed) {
      throw new RejectedExecutionException("closed");
    }
    queue.add(task);
  }

  @Override
  public synchronized Cancellable schedule(Runnable task, Duration delay) {
    if (closed) {
      throw new RejectedExecutionException("closed");
    }
    boolean[] cancelled = {false};
    timers.add(new Timer(now + delay.toMillis(), task, cancelled));
    delays.add(delay);
    return () -> cancelled[0] = true;
  }

  @Override
  public synchronized void close() {
    closed = true;
    queue.clear();
    timers.clear();
  }

  public synchronized boolean isClosed() {
    return closed;
  }

  /** Every delay ever scheduled, in order. */
  public synchronized List<Duration> delays() {
    return List.copyOf(delays);
  }

  /** How many fetches wait to run. */
  public synchronized int queued() {
    return queue.size();
  }

  /** Timers not yet fired nor cancelled. */
  public synchronized int pendingTimers() {
    return (int) timers.stream().filter(t -> !t.cancelled()[0]).count();
  }

  /** Runs the oldest queued task on this thread. */
  public void runOne() {
    Runnable next;
    synchronized (this) {
      next = queue.poll();
    }
    if (next != null) {
      next.run();
    }
  }

  /** Runs the queued tasks, and those they queue, on this thread. */
  public void runQueued() {
    while (true) {
      Runnable next;
      synchronized (this) {
        next = queue.poll();
      }
      if (next == null) {
        return;
      }
      next.run();
    }
  }

  /** Moves time on by {@code d}, firing due timers in order and running what they queue. */
  public void advance(Duration d) {
    advance(d, true);
  }

  /** Moves time on by {@code d} and fires due timers, leaving what they queue queued. */
  public void fire(Duration d) {
    advance(d, false);
  }

  private void advance(Duration d, boolean run) {
    long until;
    synchronized (this) {
      until = now + d.toMillis();
    }
    while (true) {
      Timer due = null;
      synchronized (this) {
        for (Timer t : timers) {
          if (t.at() <= until && (due == null || t.at() < due.at())) {
            due = t;
          }
        }
        if (due == null) {
          now = until;
          break;
        }
        timers.remove(due);
        now = Math.max(now, due.at());
      }
      if (!due.cancelled()[0]) {
        due.task().run();
      }
      if (run) {
        runQueued();
      }
    }
    if (run) {
      runQueued();
    }
  }

  @Override
  public synchronized Instant instant() {
    return Instant.ofEpochMilli(now);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
