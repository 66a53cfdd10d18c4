package dev.wsgate.adapter.javawebsocket.internal.upgrade;

import dev.wsgate.gate.Decision;

/**
 * An upgrade the gate accepted and the connection limits admitted: the connection's attachment
 * between the handshake hook and {@code onOpen}.
 *
 * @param decision the gate's decision (identity, tenant, subprotocol)
 * @param client the client address (from {@code X-Forwarded-For} when the peer is a trusted proxy)
 * @param permit the connection's share of the limits, released when it closes
 */
public record Admission(
    Decision.Accepted decision, String client, ConnectionCounter.Permit permit) {}
