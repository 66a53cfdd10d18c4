package dev.wsgate.cluster;

import dev.wsgate.gate.DenyList;
import dev.wsgate.gate.TicketStore;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What the instances of one wsgate cluster share, behind one engine (Redis is the one wsgate
 * ships). The server creates it with the configuration (no I/O then), hands it the instance's
 * {@link DenyList} to share, starts it once the WebSocket server listens, and closes it last.
 *
 * <p>Contract for engines: thread-safe; {@link #start} returns at once and connects in the
 * background; no method waits on the shared store longer than the engine's command timeout; a store
 * that is unreachable is reported through {@link #health()}, never thrown at the caller (except by
 * the {@link #tickets()} store, which fails closed with {@link
 * dev.wsgate.spi.Failure#TICKET_STORE_UNAVAILABLE}). While unreachable: the deny list keeps
 * answering from the local copy, denials made meanwhile are published once the store returns, and
 * disconnects reach this instance only; once it returns, everything resyncs, and a store that came
 * back empty is rebuilt from the instances' local copies.
 */
public interface ClusterState extends AutoCloseable {

  /** The single instance: nothing shared, nothing to install. */
  static ClusterState standalone(TicketStore tickets) {
    return new Standalone(tickets);
  }

  /** The engine's id, such as {@code redis}, or {@code none} for {@link #standalone}. */
  String engine();

  /** This instance's id within the cluster, random per start. */
  String instanceId();

  /**
   * Starts sharing: applies other instances' denials to the deny list it was made with, publishes
   * its own, and carries out disconnect orders with {@code local}. Returns at once; call once.
   */
  void start(LocalDisconnects local);

  /**
   * Closes the subject's connections on every instance and completes with what was achieved, within
   * the engine's disconnect wait (a second at most): instances that did not answer by then are
   * counted as reached but not acknowledged. Never completes exceptionally: an unreachable store
   * yields {@link DisconnectOutcome#shared()} false after closing this instance's connections.
   */
  CompletionStage<DisconnectOutcome> disconnect(DisconnectOrder order);

  /** Where one-time tickets wait for their redemption: shared, so any instance redeems them. */
  TicketStore tickets();

  /**
   * Open-connection limits held for the whole cluster, to hand to the transport's admission; empty
   * when the engine shares none (then each instance counts its own, as {@link #standalone} does).
   * Call at most once, before {@link #start}: the engine starts their exchanges with it and stops
   * them when closed, before its connection to the store. Makes no I/O.
   *
   * @param maxConnections open connections in the whole cluster, 0 for no limit
   * @param maxConnectionsPerSubject open connections per tenant and subject, 0 for no limit
   */
  default Optional<ConnectionLeases> connectionLeases(
      int maxConnections, int maxConnectionsPerSubject) {
    return Optional.empty();
  }

  /**
   * Failed-handshake budgets shared by the whole cluster, to hand to {@link
   * dev.wsgate.gate.FailureRateLimiter}; empty when the engine shares none. Call at most once,
   * before {@link #start}, with the limiter's own numbers; started and stopped like {@link
   * #connectionLeases}. Makes no I/O.
   *
   * @param burst counted failures an address may have in a row
   * @param perMinute counted failures per minute an address may sustain
   * @param maxAddresses the most addresses tracked at once
   */
  default Optional<SharedFailureCounts> failureCounts(int burst, int perMinute, int maxAddresses) {
    return Optional.empty();
  }

  /** The current state, for {@code /readyz} and metrics. */
  ClusterHealth health();

  /** Stops background work and closes connections to the shared store. */
  @Override
  void close();
}
