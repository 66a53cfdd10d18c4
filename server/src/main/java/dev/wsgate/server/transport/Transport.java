package dev.wsgate.server.transport;

import dev.wsgate.adapter.javawebsocket.ConnectionHandler;
import dev.wsgate.cluster.ConnectionLeases;
import dev.wsgate.server.config.Configuration;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The listening server of either transport ({@code wsgate.transport}): what start-up, the admin
 * port and cluster disconnect orders need of it. Thread-safe.
 */
public interface Transport {

  /**
   * Starts the transport the configuration names, with the echo application, and returns once it
   * accepts connections.
   *
   * @param configuration the gate, transport settings and meters, already built
   * @param clock drives expiry closes
   * @param clusterLimits the cluster's connection limits, which then replace {@code
   *     wsgate.limits.*}; null for this process's own
   * @throws IOException when the address cannot be bound
   */
  static Transport start(
      Configuration configuration, Clock clock, @Nullable ConnectionLeases clusterLimits)
      throws IOException {
    switch (configuration.transport()) {
      case NETTY:
        return NettyTransport.start(configuration, clock, clusterLimits);
      case JAVA_WEBSOCKET:
      default:
        return JavaWebSocketTransport.start(
            configuration, ConnectionHandler.echo(), clock, clusterLimits);
    }
  }

  /** The value of {@code wsgate.transport} this is. */
  String name();

  /** The bound port (the real one when {@code wsgate.listen.port=0}). */
  int port();

  /** Connections accepted and not yet closed. */
  int openConnections();

  /**
   * Closes every open connection of {@code subject} (of any tenant) with {@code code} and {@code
   * reason}.
   *
   * @return how many connections were closed
   */
  int disconnectSubject(String subject, int code, String reason);

  /**
   * Closes every open connection of {@code subject} of tenant {@code tenant} with {@code code} and
   * {@code reason}.
   *
   * @return how many connections were closed
   */
  int disconnectSubject(String tenant, String subject, int code, String reason);

  /**
   * Stops accepting, closes open connections with 1001 "server shutting down", waits up to {@code
   * grace} for them, and stops the transport's threads.
   */
  void shutdown(Duration grace);
}
