/**
 * The runnable wsgate server: Java-WebSocket with the {@link dev.wsgate.gate.HandshakeGate} at the
 * HTTP upgrade, configuration loading, dev mode and the session lifecycle (expiry closes).
 * Applications embed it with {@link dev.wsgate.server.WsgateServer} and their own {@link
 * dev.wsgate.server.ConnectionHandler}.
 */
package dev.wsgate.server;
