package dev.wsgate.gate;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A handshake whose answer waits on a verifier that may block ({@link TokenVerifier#mayBlock()}):
 * everything before verification is done and passed. {@link #verify} starts the verification once
 * and completes with the decision.
 *
 * <p>The gate bounds what waits: at most {@code maxPendingPerTenant} verifications of one tenant at
 * once, at most {@code tenantThreadShare} of its tasks on the adapter's executor, at most the
 * verify timeout per verification (the verification is then cancelled, interrupting a thread that
 * runs it); past any of them the decision is {@link Failure#PROVIDER_UNAVAILABLE} (503).
 */
public final class PendingVerification implements Evaluation {
  private final HandshakeGate gate;
  private final HandshakeGate.Prepared prepared;
  private final VerificationContext context;
  private final TokenVerifier verifier;
  private final CachingTokenVerifier cache;
  private final CachingTokenVerifier.Probe probe;
  private final String address;
  private final HandshakeGate.Progress progress;
  private CompletableFuture<Decision> decision; // guarded by this

  PendingVerification(
      HandshakeGate gate,
      HandshakeGate.Prepared prepared,
      VerificationContext context,
      TokenVerifier verifier,
      CachingTokenVerifier cache,
      CachingTokenVerifier.Probe probe,
      String address,
      HandshakeGate.Progress progress) {
    this.gate = gate;
    this.prepared = prepared;
    this.context = context;
    this.verifier = verifier;
    this.cache = cache;
    this.probe = probe;
    this.address = address;
    this.progress = progress;
  }

  /** The tenant id. */
  public String tenant() {
    return prepared.tenant().id();
  }

  /** The token's fingerprint. Safe to log. */
  public String tokenFingerprint() {
    return progress.fingerprint();
  }

  /**
   * Starts the verification (once; later calls return the same stage) and returns its decision. The
   * stage never completes exceptionally; it completes on whichever thread the verifier completes on
   * (an {@code executor} thread, a key fetch's thread, or the calling thread), so an adapter that
   * must act on a thread of its own hops there itself.
   *
   * @param executor where a verifier may run blocking work, such as {@link TokenVerifier}'s default
   *     {@code verifyAsync}; {@code Runnable::run} verifies on the calling thread
   */
  public synchronized CompletionStage<Decision> verify(Executor executor) {
    if (decision == null) {
      decision = start(executor);
    }
    return decision;
  }

  private CompletableFuture<Decision> start(Executor executor) {
    String tenant = tenant();
    Semaphore slots = gate.pendingSlots(tenant);
    if (!slots.tryAcquire()) {
      return CompletableFuture.completedFuture(tooBusy());
    }
    CompletableFuture<VerifiedToken> running;
    try {
      CompletionStage<VerifiedToken> stage =
          verifier.verifyAsync(
              prepared.token(), context, new SharedExecutor(executor, gate.threadShare(tenant)));
      if (stage == null) {
        throw new NullPointerException("verifyAsync returned null");
      }
      running = new CompletableFuture<>();
      CompletableFuture<VerifiedToken> target = running;
      CompletableFuture<?> source =
          stage instanceof CompletableFuture ? (CompletableFuture<?>) stage : null;
      stage.whenComplete(
          (v, e) -> {
            if (e != null) {
              target.completeExceptionally(e);
            } else {
              target.complete(v);
            }
          });
      if (source != null) {
        // cancelling ours (on timeout) cancels the verifier's, which may interrupt its thread
        running.whenComplete(
            (v, e) -> {
              if (e instanceof java.util.concurrent.CancellationException) {
                source.cancel(true);
              }
            });
      }
    } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
      slots.release();
      return CompletableFuture.completedFuture(
          gate.counted(address, gate.reject(HandshakeGate.verifierFailed(tenant, e), progress)));
    }
    running.whenComplete((v, e) -> slots.release());
    Duration timeout = gate.verifyTimeout();
    CompletableFuture<VerifiedToken> bounded =
        timeout.isZero()
            ? running
            : running.copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return bounded.handle(
        (verified, error) -> {
          if (error == null) {
            if (cache != null) {
              cache.store(probe, verified, context.now());
            }
            return gate.conclude(prepared, verified, context.now(), address, progress);
          }
          Throwable cause = error instanceof CompletionException ? error.getCause() : error;
          if (cause instanceof TimeoutException) {
            running.cancel(true);
            return unavailable("token verification timed out; retry later");
          }
          if (cause instanceof RejectedExecutionException) {
            return tooBusy();
          }
          if (cause instanceof AuthenticationException) {
            AuthenticationException a =
                HandshakeGate.withoutToken((AuthenticationException) cause, prepared.token());
            return gate.counted(address, gate.reject(a, progress));
          }
          return gate.counted(
              address, gate.reject(HandshakeGate.verifierFailed(tenant, cause), progress));
        });
  }

  private Decision tooBusy() {
    return unavailable("too many handshakes are waiting; retry later");
  }

  private Decision unavailable(String message) {
    return gate.reject(
        new AuthenticationException(Failure.PROVIDER_UNAVAILABLE, message), progress);
  }

  /**
   * The adapter's executor as one tenant sees it: at most its share of tasks at once; a task past
   * the share, or one the executor rejects, is rejected at once.
   */
  private static final class SharedExecutor implements Executor {
    private final Executor delegate;
    private final Semaphore share;

    SharedExecutor(Executor delegate, Semaphore share) {
      this.delegate = delegate;
      this.share = share;
    }

    @Override
    public void execute(Runnable task) {
      if (!share.tryAcquire()) {
        throw new RejectedExecutionException("the tenant's share of verification threads is used");
      }
      try {
        delegate.execute(
            () -> {
              try {
                task.run();
              } finally {
                share.release();
              }
            });
      } catch (RuntimeException e) {
        share.release();
        throw e;
      }
    }
  }

  @Override
  public String toString() {
    return "PendingVerification[tenant=" + tenant() + ", token=" + tokenFingerprint() + "]";
  }
}
