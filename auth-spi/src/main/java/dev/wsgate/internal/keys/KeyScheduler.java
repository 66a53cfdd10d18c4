package dev.wsgate.internal.keys;

import java.time.Duration;

/**
 * Where a {@link KeySet} runs its fetches and its retry timers: one daemon thread per key set
 * ({@link #thread}), which tests replace by one they run by hand. A fetch blocks this thread; no
 * handshake ever does.
 */
public interface KeyScheduler extends AutoCloseable {

  /**
   * Runs {@code task} soon.
   *
   * @throws java.util.concurrent.RejectedExecutionException once closed
   */
  void execute(Runnable task);

  /**
   * Runs {@code task} after {@code delay}.
   *
   * @return a handle that cancels it
   * @throws java.util.concurrent.RejectedExecutionException once closed
   */
  Cancellable schedule(Runnable task, Duration delay);

  /** Drops what is queued or scheduled and interrupts a running task. Idempotent. */
  @Override
  void close();

  /** A task that can still be called off. */
  @FunctionalInterface
  interface Cancellable {
    /** Makes sure the task does not start; a running one is left to finish. */
    void cancel();
  }

  /**
   * One daemon thread named {@code name}, started when there is work and ended after a minute
   * without, or on {@link #close()}.
   */
  static KeyScheduler thread(String name) {
    return new ThreadKeyScheduler(name);
  }
}
