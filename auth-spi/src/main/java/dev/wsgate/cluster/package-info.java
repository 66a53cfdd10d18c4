/**
 * Cluster mode, for servers and engines: what several wsgate instances behind one load balancer
 * share. A {@link dev.wsgate.cluster.ClusterState} is the engine's face toward the server: it
 * spreads the {@link dev.wsgate.gate.DenyList}'s denials to every instance, carries disconnect
 * orders to every instance, and holds one-time tickets any instance can redeem; {@link
 * dev.wsgate.cluster.ConnectionLeases} and {@link dev.wsgate.cluster.SharedFailureCounts} make the
 * connection limits and the failed-handshake limiter cluster-wide. The server ships one engine
 * (Redis, in {@code wsgate-cluster-redis}); {@link dev.wsgate.cluster.ClusterState#standalone} is
 * the single instance, with nothing to install.
 *
 * <p>Every method the handshake path calls answers from local memory: no handshake waits on the
 * shared store beyond an engine's command timeout, and each feature states what it does while the
 * store is unreachable: revocations keep answering from the local copy, disconnects reach this
 * instance only and say so, limits fall back to per-instance budgets, tickets fail closed.
 */
@NullMarked
package dev.wsgate.cluster;

import org.jspecify.annotations.NullMarked;
