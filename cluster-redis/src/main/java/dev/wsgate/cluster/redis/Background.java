package dev.wsgate.cluster.redis;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * One daemon thread running an exchange with Redis at a fixed delay after the previous one ended,
 * so that exchanges never overlap and a slow Redis slows them instead of queueing them.
 */
final class Background implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Background.class.getName());

  private final ScheduledExecutorService timer;
  private final Duration every;
  private final BooleanSupplier exchange;
  private final AtomicBoolean started = new AtomicBoolean();

  Background(String name, Duration every, BooleanSupplier exchange) {
    this.every = every;
    this.exchange = exchange;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
  }

  /** Schedules the exchanges; later calls do nothing. */
  void start() {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    long millis = every.toMillis();
    timer.scheduleWithFixedDelay(this::runOnce, 0, millis, TimeUnit.MILLISECONDS);
  }

  private void runOnce() {
    try {
      exchange.getAsBoolean();
    } catch (RuntimeException e) {
      // an exchange reports its own failures; this keeps the schedule alive whatever happens
      LOG.log(Level.WARNING, "cluster exchange failed: " + e.getClass().getSimpleName());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
