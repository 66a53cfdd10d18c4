package dev.wsgate.server;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.HandshakeRequest;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@link HandshakeGate#evaluate} on a bounded pool and waits at most {@code verifyTimeout}: a
 * provider that hangs (a key fetch without a timeout) then costs the calling decoder thread at most
 * that long, and the handshake is answered 503 instead of never. See README, "Threading".
 *
 * <p>A {@code verifyTimeout} of zero runs the gate on the calling decoder thread with no bound: no
 * pool, no thread hop (about 15% of a handshake's server CPU with HS256 on one core), for providers
 * that never block (hmac) or whose own fetch timeouts are bound enough.
 */
final class GuardedGate implements AutoCloseable {
  private final HandshakeGate gate;
  private final long timeoutMillis;
  private final ThreadPoolExecutor pool;

  GuardedGate(HandshakeGate gate, Duration verifyTimeout, int threads) {
    this.gate = gate;
    this.timeoutMillis = verifyTimeout.toMillis();
    if (timeoutMillis == 0) {
      this.pool = null;
      return;
    }
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(threads * 4),
            r -> {
              Thread t = new Thread(r, "wsgate-verify-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
  }

  HandshakeGate gate() {
    return gate;
  }

  /** The gate's decision, or a 503 when verification is saturated or too slow. Never throws. */
  Decision evaluate(HandshakeRequest request) {
    if (pool == null) {
      return gate.evaluate(request);
    }
    Future<Decision> future;
    try {
      future = pool.submit(() -> gate.evaluate(request));
    } catch (RejectedExecutionException e) {
      return new Decision.Rejected(
          Failure.PROVIDER_UNAVAILABLE, "too many handshakes are waiting; retry later", "", "");
    }
    try {
      return future.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      return new Decision.Rejected(
          Failure.PROVIDER_UNAVAILABLE, "token verification timed out; retry later", "", "");
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return new Decision.Rejected(Failure.INTERNAL_ERROR, "server is stopping", "", "");
    } catch (ExecutionException e) {
      return new Decision.Rejected(
          Failure.INTERNAL_ERROR, Failure.INTERNAL_ERROR.logReason(), "", "");
    }
  }

  /**
   * Calls {@code verifier} on the pool, bounded by the verify timeout like a handshake. A verifier
   * that throws something unexpected or returns null yields INTERNAL_ERROR.
   */
  VerifiedToken verify(TokenVerifier verifier, String token, VerificationContext context)
      throws AuthenticationException {
    Future<VerifiedToken> future;
    try {
      future = pool.submit(() -> verifier.verify(token, context));
    } catch (RejectedExecutionException e) {
      throw new AuthenticationException(Failure.PROVIDER_UNAVAILABLE);
    }
    try {
      VerifiedToken t = future.get(timeoutMillis, TimeUnit.MILLISECONDS);
      if (t == null) {
        throw new AuthenticationException(Failure.INTERNAL_ERROR);
      }
      return t;
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new AuthenticationException(Failure.PROVIDER_UNAVAILABLE);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new AuthenticationException(Failure.INTERNAL_ERROR);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuthenticationException) {
        AuthenticationException a = (AuthenticationException) e.getCause();
        // the message may reach the client as a close reason: never let it carry the token
        throw a.getMessage().contains(token) ? new AuthenticationException(a.failure()) : a;
      }
      throw new AuthenticationException(Failure.INTERNAL_ERROR);
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
