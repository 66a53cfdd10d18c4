/**
 * The wsgate handshake gate in a Netty 4.2 pipeline: {@link dev.wsgate.adapter.netty.WsgateNetty}
 * makes the handler that sits before Netty's {@code WebSocketServerProtocolHandler}, decides each
 * upgrade request in one pass, answers refusals with real HTTP responses, and keeps the open
 * sessions (expiry, refresh, revocation, disconnect by subject) in the shared {@link
 * dev.wsgate.session.SessionRegistry}.
 */
@NullMarked
package dev.wsgate.adapter.netty;

import org.jspecify.annotations.NullMarked;
