/**
 * The wsgate handshake gate for Spring Boot: auto-configuration that puts the application's {@code
 * HandshakeGate} in front of every WebSocket endpoint on Spring WebSocket (servlet) and WebFlux.
 */
package dev.wsgate.adapter.spring;
