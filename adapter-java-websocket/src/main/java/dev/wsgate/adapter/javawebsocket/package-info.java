/**
 * The wsgate handshake gate in front of a <a
 * href="https://github.com/TooTallNate/Java-WebSocket">Java-WebSocket</a> server: only
 * authenticated upgrades from allowed origins are accepted, every other one gets a real HTTP
 * refusal with the status of the failure table, and accepted connections are closed when their
 * token expires or is revoked.
 *
 * <ul>
 *   <li>{@link dev.wsgate.adapter.javawebsocket.WsgateServer}: a server whose accepted connections
 *       reach your {@link dev.wsgate.adapter.javawebsocket.ConnectionHandler} as {@link
 *       dev.wsgate.adapter.javawebsocket.Session}s (identity, tenant, send, close), with expiry
 *       closes, revocation sweeps and in-band refresh
 *   <li>{@link dev.wsgate.adapter.javawebsocket.GatedWebSocketServer}: the base class to extend
 *       when you keep Java-WebSocket's own programming model
 *   <li>{@link dev.wsgate.adapter.javawebsocket.ServerConfig}, {@link
 *       dev.wsgate.adapter.javawebsocket.ConnectionLimits}, {@link
 *       dev.wsgate.adapter.javawebsocket.ExpiryMode}: the transport settings and limits
 *   <li>{@link dev.wsgate.adapter.javawebsocket.ServerMetrics}: the meters, on your Micrometer
 *       registry
 * </ul>
 *
 * <p>The module logs through the SLF4J API and brings no backend; handshake lines go to the logger
 * {@code dev.wsgate.adapter.javawebsocket.handshake}. Packages under {@code
 * dev.wsgate.adapter.javawebsocket.internal} are not API.
 */
@NullMarked
package dev.wsgate.adapter.javawebsocket;

import org.jspecify.annotations.NullMarked;
