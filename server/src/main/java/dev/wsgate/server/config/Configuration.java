package dev.wsgate.server.config;

import dev.wsgate.adapter.javawebsocket.ServerConfig;
import dev.wsgate.adapter.javawebsocket.ServerMetrics;
import dev.wsgate.cluster.ClusterState;
import dev.wsgate.cluster.ConnectionLeases;
import dev.wsgate.config.GateConfig;
import dev.wsgate.config.TenantEndpoint;
import dev.wsgate.gate.DenyList;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.server.admin.AdminConfig;
import dev.wsgate.spi.TokenVerifier;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A loaded configuration: the transport settings, the gate built from the tenants, and what the
 * start-up line prints. Owns the tenants' verifiers: {@link #close()} stops them.
 *
 * @param server transport settings
 * @param gate the handshake gate
 * @param providers the provider ids in use, comma-separated
 * @param tenants the number of tenants
 * @param endpoints each tenant's own URLs when tenants are told apart by host or path, in
 *     configuration order; empty when one URL serves every tenant
 * @param verifiers the verifiers the gate calls, closed by {@link #close()}
 * @param admin the admin port's settings
 * @param metrics the meters of the gate and the server, already counting verifications
 * @param denyList subjects the admin port denied; registered as one of the gate's revocation checks
 * @param cluster what this instance shares with the others ({@code wsgate.cluster}); standalone by
 *     default, started by the server, closed by {@link #close()}
 * @param transport the library that listens ({@code wsgate.transport})
 * @param connectionLeases the cluster's connection limits ({@code wsgate.limits.*} held for every
 *     instance), for the server's construction; null when each instance counts its own (no cluster,
 *     or no limit set). Owned by {@code cluster}: started and closed with it
 */
public record Configuration(
    ServerConfig server,
    HandshakeGate gate,
    String providers,
    int tenants,
    List<TenantEndpoint> endpoints,
    List<TokenVerifier> verifiers,
    AdminConfig admin,
    ServerMetrics metrics,
    DenyList denyList,
    ClusterState cluster,
    TransportKind transport,
    @Nullable ConnectionLeases connectionLeases)
    implements AutoCloseable {

  /** Validates and copies the components. */
  public Configuration {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(providers, "providers");
    endpoints = List.copyOf(endpoints);
    verifiers = List.copyOf(verifiers);
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(denyList, "denyList");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(transport, "transport");
  }

  /** Stops every verifier's background work and the cluster's. */
  @Override
  public void close() {
    GateConfig.closeAll(verifiers);
    cluster.close();
  }
}
