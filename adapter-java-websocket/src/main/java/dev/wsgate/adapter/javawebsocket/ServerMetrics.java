package dev.wsgate.adapter.javawebsocket;

import dev.wsgate.internal.metrics.GateMeters;
import dev.wsgate.spi.Failure;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The server's meters, on a Micrometer {@link MeterRegistry}. Every label value comes from the
 * failure table ({@link Failure#metricLabel()}), from the gate's tenant ids, or from a fixed list
 * of close codes: never from the request, so the number of series stays bounded.
 *
 * <ul>
 *   <li>{@code wsgate_handshakes_total{outcome,failure,status,tenant}}: every answered upgrade
 *   <li>{@code wsgate_connections_open{tenant}}: accepted connections not yet closed
 *   <li>{@code wsgate_connections_closed_total{code,initiator}}: closes of accepted connections
 * </ul>
 *
 * <p>Hand it the registry your application exports ({@code new ServerMetrics(registry)}); the
 * meters are created on it as they are first used, and each tenant's open-connection gauge when a
 * server is built. The names and labels are those of every wsgate adapter. Thread-safe.
 */
public final class ServerMetrics {
  private final GateMeters meters;

  /** Meters on {@code registry}. */
  public ServerMetrics(MeterRegistry registry) {
    this.meters = new GateMeters(registry);
  }

  /** The registry, to bind more meters or to hand to another exporter. */
  public MeterRegistry registry() {
    return meters.registry();
  }

  /**
   * Registers {@code tenant}'s open-connection gauge at zero, so that dashboards see it from start.
   */
  void tenant(String tenant) {
    meters.tenant(tenant);
  }

  /** Counts an answered upgrade: {@code failure} is null when it was accepted. */
  void handshake(@Nullable Failure failure, int status, String tenant) {
    meters.handshake(failure, status, tenant);
  }

  /** An accepted connection of {@code tenant} opened. */
  void opened(String tenant) {
    meters.opened(tenant);
  }

  /** An accepted connection of {@code tenant} closed with {@code code}. */
  void closed(String tenant, int code, boolean remote) {
    meters.closed(tenant, code, remote);
  }
}
