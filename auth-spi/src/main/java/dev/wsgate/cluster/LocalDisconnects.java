package dev.wsgate.cluster;

/**
 * Closes this instance's connections of a subject: what a {@link ClusterState} calls when a
 * disconnect order arrives, from this instance or another one. The server implements it over its
 * WebSocket server.
 */
@FunctionalInterface
public interface LocalDisconnects {

  /**
   * Closes this instance's open connections matching {@code order} with {@link
   * dev.wsgate.spi.Failure#REVOKED}'s close code. Thread-safe; called on the engine's threads; must
   * not block on I/O and must not throw.
   *
   * @return how many connections were closed
   */
  int disconnect(DisconnectOrder order);
}
