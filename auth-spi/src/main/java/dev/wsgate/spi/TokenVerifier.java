package dev.wsgate.spi;

/**
 * Verifies a bearer token taken from a WebSocket upgrade request.
 *
 * <p>One instance serves every handshake of a tenant: implementations must be thread-safe and must
 * not do network I/O per call in the steady state (keys and certificates are cached and refreshed
 * in the background). Time is read from {@link VerificationContext#now()}, never from the system
 * clock, so that expiry is testable.
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
   * Whether this verifier can verify tokens right now without a network call (its keys are loaded).
   * Servers report it on their readiness endpoint. Must not block.
   */
  default boolean isReady() {
    return true;
  }

  /**
   * Whether {@link #verify} can wait on I/O, for example a key fetch. Servers run verifiers that
   * may block on a bounded pool with a timeout, and others on the calling thread. {@code true}
   * unless an implementation never does I/O in {@code verify} (a shared secret, a key given in the
   * configuration). Must not block; the answer must not change over the verifier's life.
   */
  default boolean mayBlock() {
    return true;
  }

  /** Stops background work (key refreshers) and releases resources. Idempotent. */
  @Override
  default void close() {}
}
