package dev.wsgate.cluster;

import dev.wsgate.gate.TicketStore;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@link ClusterState#standalone}: one instance is the whole cluster. */
final class Standalone implements ClusterState {
  private static final ClusterHealth HEALTH = new ClusterHealth(true, false, 0, "standalone");

  private final TicketStore tickets;
  private volatile LocalDisconnects local = order -> 0;

  Standalone(TicketStore tickets) {
    this.tickets = Objects.requireNonNull(tickets, "tickets");
  }

  @Override
  public String engine() {
    return "none";
  }

  @Override
  public String instanceId() {
    return "standalone";
  }

  @Override
  public void start(LocalDisconnects local) {
    this.local = Objects.requireNonNull(local, "local");
  }

  @Override
  public CompletionStage<DisconnectOutcome> disconnect(DisconnectOrder order) {
    int closed = local.disconnect(order);
    return CompletableFuture.completedFuture(new DisconnectOutcome(closed, 1, 1, true));
  }

  @Override
  public TicketStore tickets() {
    return tickets;
  }

  @Override
  public ClusterHealth health() {
    return HEALTH;
  }

  @Override
  public void close() {}
}
