package dev.wsgate.adapter.javawebsocket.internal.upgrade;

import dev.wsgate.gate.Decision;
import dev.wsgate.internal.ConnectionCounter;
import dev.wsgate.internal.firstmessage.PendingAuthentications;

/**
 * An upgrade the gate accepted and the connection limits admitted: the connection's attachment
 * between the handshake hook and {@code onOpen}.
 *
 * @param decision the gate's decision (identity, tenant, subprotocol)
 * @param client the client address (from {@code X-Forwarded-For} when the peer is a trusted proxy)
 * @param permit the connection's share of the limits, released when it closes
 */
public record Admission(
    Decision.Accepted decision, String client, ConnectionCounter.Permit permit) {

  /**
   * An upgrade let through without a token (first-message authentication): the connection's
   * attachment until its first frame authenticates it, or it closes.
   *
   * @param decision the gate's decision (tenant, origin, subprotocol)
   * @param client the client address
   * @param slot the connection's share of the pending-authentication caps
   */
  public record Awaiting(
      Decision.AwaitingAuthentication decision, String client, PendingAuthentications.Slot slot) {}
}
