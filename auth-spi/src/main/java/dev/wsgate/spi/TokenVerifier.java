package dev.wsgate.spi;

import dev.wsgate.internal.InterruptibleTask;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Verifies a bearer token taken from a WebSocket upgrade request.
 *
 * <p>One instance serves every handshake of a tenant: implementations must be thread-safe. A
 * verifier that never waits (a shared secret, keys held in memory) says so with {@link #mayBlock()}
 * {@code == false} and is called on the thread that decides the handshake. A verifier that may wait
 * on I/O (a key fetch, token introspection) keeps {@code mayBlock() == true}; the gate then calls
 * {@link #verifyAsync}, bounded by the server's verify timeout and the tenant's share of the
 * verification threads, and answers 503 ({@link Failure#PROVIDER_UNAVAILABLE}) past either. Time is
 * read from {@link VerificationContext#now()}, never from the system clock, so that expiry is
 * testable.
 *
 * <p>Every rejection is an {@link AuthenticationException} carrying a {@link Failure}; any other
 * exception, or a {@code null} result, is treated by the gate as {@link Failure#INTERNAL_ERROR}.
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

  /** Stops background work (key refreshers) and releases resources. Idempotent. */
  @Override
  default void close() {}
}
