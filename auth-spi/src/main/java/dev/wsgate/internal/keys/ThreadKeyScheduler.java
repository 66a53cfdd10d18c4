package dev.wsgate.internal.keys;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** {@link KeyScheduler#thread}: a one-thread scheduled pool of daemon threads. */
final class ThreadKeyScheduler implements KeyScheduler {
  private final ScheduledThreadPoolExecutor pool;

  ThreadKeyScheduler(String name) {
    pool =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    pool.setRemoveOnCancelPolicy(true);
    pool.setKeepAliveTime(1, TimeUnit.MINUTES);
    pool.allowCoreThreadTimeOut(true);
  }

  @Override
  public void execute(Runnable task) {
    pool.execute(task);
  }

  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    ScheduledFuture<?> f = pool.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
