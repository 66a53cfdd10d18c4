package dev.wsgate.adapter.javawebsocket.internal.upgrade;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of a server whose gate has a verifier that may block (README, "Threading"):
 *
 * <ul>
 *   <li>{@link #verify()}: where such a verifier runs blocking work ({@code verifyAsync}'s default
 *       runs {@code verify} there): {@code 2 × decoders} threads; each tenant may hold at most
 *       {@link #tenantShare} tasks on it (the gate's {@code tenantThreadShare}), at most five per
 *       thread. Its queue holds that whole share: a task is queued even while a thread is idle, so
 *       a queue of only the share minus the threads would refuse a burst that the idle threads have
 *       not yet taken from it. A verifier that completes from its own key fetch uses none of it.
 *   <li>{@link #upgrades()}: where an upgrade whose verification waited is finished once its
 *       decision arrives (the 101 or the refusal, then the handler's {@code onOpen}): as many
 *       threads as decoders, so that a verification completing on a key fetch's thread never runs
 *       server code there, and no decoder waits.
 * </ul>
 */
public final class VerificationPools implements AutoCloseable {
  private static final int TASKS_PER_THREAD = 5;

  private final ThreadPoolExecutor verify;
  private final ThreadPoolExecutor upgrades;

  public VerificationPools(int decoders) {
    int threads = verifyThreads(decoders);
    this.verify =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(threads * TASKS_PER_THREAD),
            named("wsgate-verify-"));
    verify.allowCoreThreadTimeOut(true);
    this.upgrades =
        new ThreadPoolExecutor(
            decoders,
            decoders,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            named("wsgate-upgrade-"));
    upgrades.allowCoreThreadTimeOut(true);
  }

  /** The verification threads for {@code decoders} decoder threads. */
  public static int verifyThreads(int decoders) {
    return 2 * decoders;
  }

  /**
   * How many tasks (running or queued) one tenant may have on the verification pool of {@code
   * decoders} decoders: all of it when only one tenant can block, else half of its threads (at
   * least one), so that a tenant stuck on its key server leaves at least half of the threads to the
   * others and never queues behind itself.
   */
  public static int tenantShare(int decoders, int blockingTenants) {
    int threads = verifyThreads(decoders);
    return blockingTenants <= 1 ? threads * TASKS_PER_THREAD : Math.max(1, threads / 2);
  }

  public Executor verify() {
    return verify;
  }

  public Executor upgrades() {
    return upgrades;
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    verify.shutdownNow();
    upgrades.shutdownNow();
  }
}
