package dev.wsgate.spi;

import java.time.Instant;

/**
 * Says whether a verified token, or its subject, has been revoked. Consulted by the gate after the
 * verifier on every upgrade, and by the server every {@code wsgate.session.revocation-interval} for
 * each open connection; a revoked connection is closed with {@link Failure#REVOKED}'s close code.
 *
 * <p>Found with {@link java.util.ServiceLoader} ({@code
 * META-INF/services/dev.wsgate.spi.RevocationCheck}) like providers, or handed to the server
 * directly. Implementations must be thread-safe, must answer from memory (a shared store is polled
 * or pushed in the background, never queried per call) and must not throw: an implementation that
 * throws is treated as "revoked" by the gate, which fails closed. Servers therefore call it on
 * whatever thread ran the verifier, with no timeout of its own: for a verifier that does not block
 * ({@link TokenVerifier#mayBlock()} false) that is the thread serving other connections.
 */
public interface RevocationCheck {

  /**
   * Whether {@code token} must no longer be accepted.
   *
   * @param token the verified token (subject, issuer, tenant, {@code jti} via {@link
   *     VerifiedToken#tokenId()})
   * @param now the current time from the server's clock
   */
  boolean isRevoked(VerifiedToken token, Instant now);
}
