package dev.wsgate.gate;

import dev.wsgate.spi.Failure;

/**
 * The refusals of the transport, before the gate sees a request: what every adapter answers for a
 * request that is not an upgrade ({@link OpeningHandshake} checks it), targets no endpoint, speaks
 * another WebSocket version, is too large or too slow. One place for their reasons, so that every
 * adapter answers them byte for byte alike. Stateless.
 */
public final class TransportRefusals {
  private TransportRefusals() {}

  /** A request that is not a WebSocket upgrade (400). */
  public static Decision.Rejected notAnUpgrade() {
    return Decision.Rejected.transport(Failure.NOT_AN_UPGRADE, "not a WebSocket upgrade request");
  }

  /** An upgrade request larger than {@code maxBytes} (431). */
  public static Decision.Rejected tooLarge(int maxBytes) {
    return Decision.Rejected.transport(
        Failure.REQUEST_TOO_LARGE, "the upgrade request exceeds " + maxBytes + " bytes");
  }

  /** An upgrade request not completed within the handshake timeout (408). */
  public static Decision.Rejected timedOut() {
    return Decision.Rejected.transport(
        Failure.REQUEST_TIMEOUT, "the upgrade request was not completed in time");
  }

  /** A request for a path where no WebSocket endpoint is (404). */
  public static Decision.Rejected noEndpoint() {
    return Decision.Rejected.transport(Failure.NO_ENDPOINT, "no WebSocket endpoint at this path");
  }

  /** An upgrade with a {@code Sec-WebSocket-Version} other than 13 (426). */
  public static Decision.Rejected unsupportedVersion() {
    return Decision.Rejected.transport(
        Failure.UNSUPPORTED_VERSION, "unsupported Sec-WebSocket-Version; use 13");
  }
}
