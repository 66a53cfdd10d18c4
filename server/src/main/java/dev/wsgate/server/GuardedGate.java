package dev.wsgate.server;

import dev.wsgate.gate.CachingTokenVerifier;
import dev.wsgate.gate.Decision;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.HandshakeRequest;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link HandshakeGate#evaluate} where it cannot hold up other tenants. See README,
 * "Threading".
 *
 * <ul>
 *   <li>A tenant whose verifier does not block ({@link TokenVerifier#mayBlock()} false, such as
 *       {@code hmac}) is evaluated on the calling thread: no thread hop.
 *   <li>A tenant whose verifier may block (a key fetch) is evaluated on the calling thread up to
 *       its verifier, which runs on a bounded pool; the caller waits at most {@code verifyTimeout}
 *       (then 503). A token in the tenant's verified-token cache is answered without the pool. The
 *       caller is a hand-off thread ({@link #handoff()}, used by {@link GatedWebSocket} for the
 *       requests {@link #mayWait} names), so that the wait never holds a decoder thread that other
 *       connections share.
 *   <li>Each such tenant may have at most {@link #tenantShare} evaluations on the pool, running and
 *       queued; past its share a handshake gets 503 at once instead of queueing behind its own
 *       tenant, so a tenant whose key server is slow leaves the rest of the pool to the others.
 * </ul>
 *
 * <p>A {@code verifyTimeout} of zero evaluates every tenant on the calling thread with no bound.
 * Revocation checks are not looked at: their contract ({@link dev.wsgate.spi.RevocationCheck})
 * forbids I/O per call.
 */
final class GuardedGate implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GuardedGate.class);
  private static final int QUEUE_PER_THREAD = 4;

  private final HandshakeGate gate;
  private final long timeoutMillis;
  private final ThreadPoolExecutor pool;
  private final ThreadPoolExecutor handoff;
  private final int share;

  /** One permit per pool slot a tenant may hold; only tenants whose verifier may block. */
  private final Map<String, Semaphore> blocking = new HashMap<>();

  GuardedGate(HandshakeGate gate, Duration verifyTimeout, int threads) {
    this.gate = gate;
    this.timeoutMillis = verifyTimeout.toMillis();
    for (TenantPolicy t : gate.tenants().values()) {
      if (t.verifier().mayBlock()) {
        blocking.put(t.id(), null);
      }
    }
    this.share = tenantShare(threads, blocking.size());
    blocking.replaceAll((id, none) -> new Semaphore(share));
    if (timeoutMillis == 0 || blocking.isEmpty()) {
      this.pool = null;
      this.handoff = null;
      return;
    }
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(threads * QUEUE_PER_THREAD),
            r -> {
              Thread t = new Thread(r, "wsgate-verify-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    AtomicInteger h = new AtomicInteger();
    this.handoff =
        new ThreadPoolExecutor(
            0,
            handoffThreads(threads),
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "wsgate-handshake-" + h.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Where upgrade requests are decoded so that waiting for this gate never holds a decoder thread
   * (see {@link GatedWebSocket}); null when every evaluation runs inline.
   */
  Executor handoff() {
    return handoff;
  }

  /**
   * How many evaluations (running or queued) one tenant may have on a pool of {@code threads}: the
   * whole pool (its threads and its queue of 4× that, as without shares) when only one tenant can
   * block, else half of the threads (at least one), so that a tenant stuck on its key server leaves
   * at least half of the threads to the others and never queues behind itself.
   */
  static int tenantShare(int threads, int blockingTenants) {
    return blockingTenants <= 1 ? threads * (1 + QUEUE_PER_THREAD) : Math.max(1, threads / 2);
  }

  /** The most hand-off threads: one per evaluation the pool can hold, plus one per thread. */
  static int handoffThreads(int threads) {
    return threads * (2 + QUEUE_PER_THREAD);
  }

  HandshakeGate gate() {
    return gate;
  }

  /** Evaluations of {@code tenant} running or queued on the pool now (what its share counts). */
  int inFlight(String tenant) {
    Semaphore slots = blocking.get(tenant);
    return slots == null ? 0 : share - slots.availablePermits();
  }

  /** Whether {@code tenant}'s evaluations run on the calling thread. */
  boolean inline(String tenant) {
    return pool == null || !blocking.containsKey(tenant);
  }

  /**
   * Whether deciding {@code request} may wait for a verifier, so that it must not be decided on a
   * decoder thread: never when every evaluation runs inline; else when its tenant's verifier may
   * block and the verified-token cache does not hold its token ({@link HandshakeGate#mayBlock}).
   */
  boolean mayWait(HandshakeRequest request) {
    return pool != null && gate.mayBlock(request);
  }

  /** The gate's decision, or a 503 when verification is saturated or too slow. Never throws. */
  Decision evaluate(HandshakeRequest request) {
    Optional<String> tenant = pool == null ? Optional.empty() : gate.tenantOf(request);
    if (tenant.isEmpty() || inline(tenant.get())) {
      // no tenant: the gate refuses the request before any verifier runs
      return gate.evaluate(request);
    }
    // the gate's own steps never block: only the verifier goes to the pool, and not for a cache hit
    return gate.evaluate(request, this::verifyCachedOrOnPool);
  }

  private VerifiedToken verifyCachedOrOnPool(
      TokenVerifier verifier, String token, VerificationContext context)
      throws AuthenticationException {
    Optional<VerifiedToken> hit = CachingTokenVerifier.cached(verifier, token, context);
    return hit.isPresent() ? hit.get() : verify(verifier, token, context);
  }

  /**
   * Calls {@code verifier} for {@code context}'s tenant like a handshake: on the calling thread
   * when it does not block, else on the pool within the tenant's share and the verify timeout (503
   * past either). A verifier that throws something unexpected or returns null yields
   * INTERNAL_ERROR.
   */
  VerifiedToken verify(TokenVerifier verifier, String token, VerificationContext context)
      throws AuthenticationException {
    if (pool == null || !verifier.mayBlock()) {
      return checked(verifier.verify(token, context), context);
    }
    Task<VerifiedToken> future;
    try {
      future = submit(context.tenant(), () -> verifier.verify(token, context));
    } catch (RejectedExecutionException e) {
      throw new AuthenticationException(
          Failure.PROVIDER_UNAVAILABLE, "too many handshakes are waiting; retry later");
    }
    try {
      return checked(future.future().get(timeoutMillis, TimeUnit.MILLISECONDS), context);
    } catch (TimeoutException e) {
      future.cancel();
      throw new AuthenticationException(
          Failure.PROVIDER_UNAVAILABLE, "token verification timed out; retry later");
    } catch (InterruptedException e) {
      future.cancel();
      Thread.currentThread().interrupt();
      throw new AuthenticationException(Failure.INTERNAL_ERROR, "server is stopping");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuthenticationException) {
        AuthenticationException a = (AuthenticationException) e.getCause();
        // the message may reach the client as a close reason: never let it carry the token
        throw a.getMessage().contains(token) ? new AuthenticationException(a.failure()) : a;
      }
      // one log line, as for a verifier called on the gate's thread; the class only, never the
      // message (it may quote the token)
      LOG.error(
          "verifier of tenant {} threw {} instead of an AuthenticationException",
          context.tenant(),
          e.getCause().getClass().getName());
      throw new AuthenticationException(Failure.INTERNAL_ERROR);
    }
  }

  private static VerifiedToken checked(VerifiedToken t, VerificationContext context)
      throws AuthenticationException {
    if (t == null) {
      LOG.error("verifier of tenant {} returned null", context.tenant());
      throw new AuthenticationException(Failure.INTERNAL_ERROR);
    }
    return t;
  }

  /**
   * Submits {@code work} within {@code tenant}'s share. The slot is held until the work ends, not
   * until the caller stops waiting: a timed-out verification still occupies its thread.
   *
   * @throws RejectedExecutionException when the tenant is over its share or the pool is full
   */
  private <T> Task<T> submit(String tenant, Callable<T> work) {
    Semaphore slots = blocking.get(tenant);
    if (slots == null) {
      // a refresh for a tenant the gate does not know: no share to count against
      return new Task<>(pool.submit(work), () -> {});
    }
    if (!slots.tryAcquire()) {
      throw new RejectedExecutionException("tenant over its share");
    }
    // released exactly once: by the work when it started, else by whoever cancels it first
    AtomicBoolean claimed = new AtomicBoolean();
    Future<T> future;
    try {
      future =
          pool.submit(
              () -> {
                if (!claimed.compareAndSet(false, true)) {
                  return null;
                }
                try {
                  return work.call();
                } finally {
                  slots.release();
                }
              });
    } catch (RejectedExecutionException e) {
      slots.release();
      throw e;
    }
    return new Task<>(
        future,
        () -> {
          if (claimed.compareAndSet(false, true)) {
            slots.release();
          }
        });
  }

  /** Submitted work and what gives its slot back if it never starts. */
  private record Task<T>(Future<T> future, Runnable unclaimed) {
    void cancel() {
      future.cancel(true);
      unclaimed.run();
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
      handoff.shutdownNow();
    }
  }
}
