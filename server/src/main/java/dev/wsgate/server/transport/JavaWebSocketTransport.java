package dev.wsgate.server.transport;

import dev.wsgate.adapter.javawebsocket.ConnectionHandler;
import dev.wsgate.adapter.javawebsocket.WsgateServer;
import dev.wsgate.cluster.ConnectionLeases;
import dev.wsgate.server.config.Configuration;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The server on Java-WebSocket: {@link WsgateServer}. */
public final class JavaWebSocketTransport implements Transport {
  private final WsgateServer server;

  private JavaWebSocketTransport(WsgateServer server) {
    this.server = server;
  }

  /**
   * Starts a {@link WsgateServer} handing accepted connections to {@code handler}.
   *
   * @throws IOException when the address cannot be bound
   */
  public static JavaWebSocketTransport start(
      Configuration configuration,
      ConnectionHandler handler,
      Clock clock,
      @Nullable ConnectionLeases clusterLimits)
      throws IOException {
    WsgateServer server =
        new WsgateServer(
            configuration.server(),
            configuration.gate(),
            handler,
            clock,
            configuration.metrics(),
            clusterLimits);
    server.startAndAwait();
    return new JavaWebSocketTransport(server);
  }

  /** The Java-WebSocket server. */
  public WsgateServer server() {
    return server;
  }

  @Override
  public String name() {
    return "java-websocket";
  }

  @Override
  public int port() {
    return server.getPort();
  }

  @Override
  public int openConnections() {
    return server.openConnections();
  }

  @Override
  public int disconnectSubject(String subject, int code, String reason) {
    return server.disconnectSubject(subject, code, reason);
  }

  @Override
  public int disconnectSubject(String tenant, String subject, int code, String reason) {
    return server.disconnectSubject(tenant, subject, code, reason);
  }

  @Override
  public void shutdown(Duration grace) {
    server.shutdown(grace);
  }
}
