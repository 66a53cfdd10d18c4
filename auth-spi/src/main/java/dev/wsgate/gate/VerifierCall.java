package dev.wsgate.gate;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;

/**
 * How {@link HandshakeGate#evaluate(HandshakeRequest, VerifierCall)} calls a tenant's verifier. The
 * gate's other steps (tenant, origin, extraction, expiry and revocation checks) never block; a
 * server that must not wait on a verifier that may ({@link TokenVerifier#mayBlock()}) passes a call
 * that runs it elsewhere, with a timeout, and may answer from a {@link CachingTokenVerifier} first.
 */
@FunctionalInterface
public interface VerifierCall {
  /** Calls the verifier on the calling thread. */
  VerifierCall DIRECT = TokenVerifier::verify;

  /**
   * Verifies {@code token} with {@code verifier}, as {@link TokenVerifier#verify} does.
   *
   * @throws AuthenticationException with the failure to answer
   */
  VerifiedToken verify(TokenVerifier verifier, String token, VerificationContext context)
      throws AuthenticationException;
}
