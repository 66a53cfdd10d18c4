package dev.wsgate.adapter.spring;

import dev.wsgate.spi.VerifiedToken;
import java.util.Map;
import java.util.Optional;

/**
 * Where a gated WebSocket session carries who connected, on both stacks: the session's attributes
 * hold the {@link VerifiedToken} (the latest one after an in-band refresh), the tenant id and the
 * token's fingerprint; the session's {@code Principal} names the token's subject.
 *
 * <pre>{@code
 * VerifiedToken who = WsgateSpring.verifiedToken(session.getAttributes()).orElseThrow();
 * }</pre>
 */
public final class WsgateSpring {
  /** Session attribute holding the connection's {@link VerifiedToken}. */
  public static final String VERIFIED_TOKEN = "dev.wsgate.verifiedToken";

  /** Session attribute holding the tenant id (a {@code String}). */
  public static final String TENANT = "dev.wsgate.tenant";

  /** Session attribute holding the token fingerprint (a {@code String}, safe to log). */
  public static final String TOKEN_FINGERPRINT = "dev.wsgate.tokenFingerprint";

  private WsgateSpring() {}

  /** The verified identity in a session's attributes, or empty when the gate did not admit it. */
  public static Optional<VerifiedToken> verifiedToken(Map<String, Object> attributes) {
    Object token = attributes.get(VERIFIED_TOKEN);
    return token instanceof VerifiedToken ? Optional.of((VerifiedToken) token) : Optional.empty();
  }
}
