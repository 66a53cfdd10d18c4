package dev.wsgate.gate;

import dev.wsgate.spi.Failure;
import dev.wsgate.spi.VerifiedToken;
import java.util.Objects;
import java.util.Optional;

/**
 * The gate's answer to one upgrade request: {@link Accepted} or {@link Rejected}. Both carry the
 * tenant (empty when it could not be resolved) and the token fingerprint (first 8 hex digits of the
 * token's SHA-256, empty when no token was found) for logs. Immutable; created only by {@link
 * HandshakeGate#evaluate}.
 */
public sealed interface Decision permits Decision.Accepted, Decision.Rejected {

  /** The resolved tenant id, or empty when resolution failed. */
  String tenant();

  /** The fingerprint of the token seen, or empty. Safe to log. */
  String tokenFingerprint();

  /**
   * The upgrade may proceed.
   *
   * @param token the verified identity, attributed to {@code tenant}
   * @param tenant the tenant id
   * @param subprotocol the application subprotocol to echo in {@code Sec-WebSocket-Protocol}, or
   *     empty when the client offered none; never a token entry
   * @param tokenFingerprint the token's fingerprint
   */
  record Accepted(
      VerifiedToken token, String tenant, Optional<String> subprotocol, String tokenFingerprint)
      implements Decision {
    /** Validates the components. */
    public Accepted {
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(subprotocol, "subprotocol");
      Objects.requireNonNull(tokenFingerprint, "tokenFingerprint");
    }
  }

  /**
   * The upgrade is refused.
   *
   * @param failure why; gives the HTTP status
   * @param safeMessage a short reason safe to send to the client (never the token)
   * @param tenant the tenant id, or empty
   * @param tokenFingerprint the token's fingerprint, or empty
   */
  record Rejected(Failure failure, String safeMessage, String tenant, String tokenFingerprint)
      implements Decision {
    /** Validates the components. */
    public Rejected {
      Objects.requireNonNull(failure, "failure");
      Objects.requireNonNull(safeMessage, "safeMessage");
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(tokenFingerprint, "tokenFingerprint");
    }
  }
}
