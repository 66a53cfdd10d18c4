package dev.wsgate.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The threads an adapter owns besides its transport's: daemon, named, idle ones let go. */
public final class AdapterThreads {
  private AdapterThreads() {}

  /**
   * Where a verifier that may block runs its blocking work ({@code wsgate-verify-N}): {@code
   * threads} threads, which end after 30 s idle, and a bounded queue; a task past it is rejected,
   * which the gate answers with 503.
   */
  public static ThreadPoolExecutor verifyPool(int threads, int queueCapacity) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queueCapacity),
            daemon("wsgate-verify-", true));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Daemon threads called {@code name}, or {@code name} followed by 1, 2, … when numbered. */
  public static ThreadFactory daemon(String name, boolean numbered) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, numbered ? name + n.incrementAndGet() : name);
      t.setDaemon(true);
      return t;
    };
  }
}
