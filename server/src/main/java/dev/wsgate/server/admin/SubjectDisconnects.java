package dev.wsgate.server.admin;

import dev.wsgate.cluster.DisconnectOrder;
import dev.wsgate.cluster.LocalDisconnects;
import dev.wsgate.server.transport.Transport;
import dev.wsgate.spi.Failure;
import java.util.Objects;

/**
 * This instance's part of a disconnect order: the server's sockets of the subject close with {@link
 * Failure#REVOKED}'s close code and reason {@code revoked}, whichever instance gave the order.
 */
public final class SubjectDisconnects implements LocalDisconnects {
  private final Transport server;

  /** Disconnects on {@code server}. */
  public SubjectDisconnects(Transport server) {
    this.server = Objects.requireNonNull(server, "server");
  }

  @Override
  public int disconnect(DisconnectOrder order) {
    int code = Failure.REVOKED.closeCode();
    return order
        .tenantId()
        .map(t -> server.disconnectSubject(t, order.subject(), code, "revoked"))
        .orElseGet(() -> server.disconnectSubject(order.subject(), code, "revoked"));
  }
}
