package dev.wsgate.spi;

import dev.wsgate.internal.InterruptibleTask;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Verifies a bearer token taken from a WebSocket upgrade request.
 *
 * <p>One instance serves every handshake of a tenant: implementations must be thread-safe. Time is
 * read from {@link VerificationContext#now()}, never from the system clock, so that expiry is
 * testable.
 *
 * <p><b>Verifiers that never wait</b> (a shared secret, keys held in memory and refreshed in the
 * background) say so with {@link #mayBlock()} {@code == false}; the gate then calls {@link #verify}
 * on the thread that decides the handshake, which other connections share: such a verify must not
 * do network or disk I/O.
 *
 * <p><b>Verifiers that may wait on I/O</b> (a key fetch, token introspection, a database) keep
 * {@code mayBlock() == true} and may override {@link #verifyAsync} to complete without holding a
 * thread while they wait. For them a server guarantees:
 *
 * <ul>
 *   <li>a verification never runs on a thread that decides other handshakes;
 *   <li>one that outlives the server's verify timeout is answered with 503 ({@link
 *       Failure#PROVIDER_UNAVAILABLE}) and cancelled: the stage {@link #verifyAsync} returned is
 *       cancelled, and a blocking {@link #verify} is interrupted, so it should give up promptly
 *       when interrupted (JDK blocking I/O and {@code HttpClient.send} do);
 *   <li>each tenant has a share of the verification threads; past it, a handshake of that tenant is
 *       answered 503 at once rather than queued behind its own slow backend, so one tenant's outage
 *       leaves the others served.
 * </ul>
 *
 * <p>A backend that cannot be reached (refused connection, timeout, a 5xx answer) is {@link
 * Failure#PROVIDER_UNAVAILABLE}, not a {@code RuntimeException}: the client is then told to retry.
 * Every rejection is an {@link AuthenticationException} carrying a {@link Failure}; any other
 * exception, or a {@code null} result, is answered as {@link Failure#INTERNAL_ERROR} (500) and
 * logged. A verifier logs through {@link System.Logger} (the server routes it to its log); never a
 * token or a secret.
 *
 * <p>A verifier loaded from a plugin jar is called with the plugin's class loader as the thread
 * context class loader, in every method, so that {@link java.util.ServiceLoader} and libraries that
 * look up their own extensions find the plugin's classes.
 */
public interface TokenVerifier extends AutoCloseable {

  /**
   * Verifies {@code token} and returns the identity it proves.
   *
   * @param token the raw token, never null or empty, at most the tenant's {@code max-token-bytes}
   * @param context the tenant, request origin and the current time
   * @return the verified identity, never null
   * @throws AuthenticationException when the token is not accepted; its message is safe to show
   */
  VerifiedToken verify(String token, VerificationContext context) throws AuthenticationException;

  /**
   * Verifies {@code token} without holding the caller's thread while it waits. The gate calls this,
   * not {@link #verify}, for a verifier that {@link #mayBlock() may block}.
   *
   * <p>The default runs {@link #verify} on {@code executor} and interrupts it when the returned
   * stage is cancelled (the gate cancels a verification that outlives its timeout). A verifier
   * whose wait is a key fetch should override it and complete the stage from its single in-flight
   * fetch, so that any number of handshakes waiting for the same keys hold no thread at all.
   *
   * <p>The stage completes with the identity, or exceptionally with an {@link
   * AuthenticationException}; anything else is answered as {@link Failure#INTERNAL_ERROR}. Must not
   * block or throw itself; it may complete on any thread.
   *
   * @param executor where blocking work may run; bounded per tenant by the gate (a task past the
   *     tenant's share is rejected with {@link java.util.concurrent.RejectedExecutionException})
   */
  default CompletionStage<VerifiedToken> verifyAsync(
      String token, VerificationContext context, Executor executor) {
    return InterruptibleTask.submit(() -> verify(token, context), executor);
  }

  /**
   * Whether this verifier can verify tokens right now without a network call (its keys are loaded).
   * Servers report it on their readiness endpoint. Must not block.
   */
  default boolean isReady() {
    return true;
  }

  /**
   * Whether {@link #verify} can wait on I/O, for example a key fetch. The gate calls {@link
   * #verifyAsync} with a timeout for a verifier that may block, and {@link #verify} on the calling
   * thread for one that does not (a verifier that says {@code false} and then waits holds up every
   * handshake decided on that thread). {@code true} unless an implementation never does I/O in
   * {@code verify} (a shared secret, a key given in the configuration). Must not block; the answer
   * must not change over the verifier's life.
   */
  default boolean mayBlock() {
    return true;
  }

  /**
   * How long a server may answer a token from its cache of successful verifications without calling
   * this verifier again; empty (the default) leaves it to the server's configuration. A verifier
   * whose backend can revoke a token before its {@code exp} (token introspection) returns how stale
   * an answer may be: a revocation is then seen within that time. A server never keeps an answer
   * past the token's {@code exp}. Must not block; the answer must not change over the verifier's
   * life.
   */
  default Optional<Duration> cacheMaxAge() {
    return Optional.empty();
  }

  /** Stops background work (key refreshers) and releases resources. Idempotent. */
  @Override
  default void close() {}
}
