package dev.wsgate.gate;

import dev.wsgate.spi.Failure;
import dev.wsgate.spi.VerifiedToken;
import java.util.Objects;
import java.util.Optional;

/**
 * The gate's answer to one upgrade request: {@link Accepted} or {@link Rejected}, or {@link
 * AwaitingAuthentication} for a tenant that authenticates by first message. Each carries the tenant
 * (empty when it could not be resolved) and the token fingerprint (first 8 hex digits of the
 * token's SHA-256, empty when no token was found) for logs. Immutable; made by {@link
 * HandshakeGate}, and by adapters only for refusals of the transport ({@link Rejected#transport}).
 */
public sealed interface Decision extends Evaluation
    permits Decision.Accepted, Decision.Rejected, Decision.AwaitingAuthentication {

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
   * @param origin the request's {@code Origin} as the tenant's allowlist matched it (normalized),
   *     or empty when the request had none
   */
  record Accepted(
      VerifiedToken token,
      String tenant,
      Optional<String> subprotocol,
      String tokenFingerprint,
      Optional<String> origin)
      implements Decision {
    /** Validates the components. */
    public Accepted {
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(subprotocol, "subprotocol");
      Objects.requireNonNull(tokenFingerprint, "tokenFingerprint");
      Objects.requireNonNull(origin, "origin");
    }
  }

  /**
   * The upgrade is refused.
   *
   * @param refusal the HTTP answer to write: status, headers and reason
   * @param tenant the tenant id, or empty
   * @param tokenFingerprint the token's fingerprint, or empty
   */
  record Rejected(Refusal refusal, String tenant, String tokenFingerprint) implements Decision {
    /** Validates the components. */
    public Rejected {
      Objects.requireNonNull(refusal, "refusal");
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(tokenFingerprint, "tokenFingerprint");
    }

    /** A refusal with no {@code Retry-After}. */
    public Rejected(Failure failure, String safeMessage, String tenant, String tokenFingerprint) {
      this(Refusal.of(failure, safeMessage), tenant, tokenFingerprint);
    }

    /**
     * A refusal of the transport, decided before the gate looked at the request (no tenant, no
     * token): a request that is no upgrade, a wrong path, a slow or oversized request.
     */
    public static Rejected transport(Failure failure, String safeMessage) {
      return new Rejected(failure, safeMessage, "", "");
    }

    /** Why; gives the HTTP status. */
    public Failure failure() {
      return refusal.failure();
    }

    /** A short reason safe to send to the client (never the token). */
    public String safeMessage() {
      return refusal.reason();
    }
  }

  /**
   * The upgrade may proceed without a token: the tenant authenticates by first message ({@code
   * message} among its extractors) and the request carried none, from an allowed origin. The
   * adapter answers 101, hands nothing to the application, and gives the token of the connection's
   * first frame to {@link HandshakeGate#authenticate}; no such frame in time closes the connection
   * (401 family: 4001). An adapter that does not support this refuses the upgrade instead.
   *
   * @param tenant the tenant id
   * @param origin the request's normalized origin
   * @param subprotocol the application subprotocol to echo, or empty
   */
  record AwaitingAuthentication(String tenant, String origin, Optional<String> subprotocol)
      implements Decision {
    /** Validates the components. */
    public AwaitingAuthentication {
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(subprotocol, "subprotocol");
    }

    /** Empty: no token has been seen yet. */
    @Override
    public String tokenFingerprint() {
      return "";
    }
  }
}
