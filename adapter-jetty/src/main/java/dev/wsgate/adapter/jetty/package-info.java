/**
 * The wsgate handshake gate on Jakarta WebSocket 2.1, embedded in Jetty 12 (ee10).
 *
 * <p>{@link dev.wsgate.adapter.jetty.WsgateJetty#install WsgateJetty.install} puts a {@link
 * dev.wsgate.adapter.jetty.WsgateFilter} in front of one endpoint. The filter runs the gate on
 * every upgrade request; a rejection is a real HTTP response with the failure's status (401, 403,
 * 400, 431, 429, 503, 500) and the upgrade never happens. An accepted request is upgraded by the
 * filter itself through {@code ServerContainer.upgradeHttpToWebSocket}, with a per-request {@code
 * ServerEndpointConfig.Configurator} that negotiates the subprotocol the gate selected and puts the
 * {@link dev.wsgate.spi.VerifiedToken} into the endpoint's user properties. The endpoint is never
 * registered with {@code addEndpoint}, so no other route reaches it.
 */
@NullMarked
package dev.wsgate.adapter.jetty;

import org.jspecify.annotations.NullMarked;
