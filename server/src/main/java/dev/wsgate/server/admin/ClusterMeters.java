package dev.wsgate.server.admin;

import dev.wsgate.cluster.ClusterState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The cluster's state as meters: {@code wsgate_cluster_available} (1 while the shared store
 * answers), {@code wsgate_cluster_breaker_open} (1 while the circuit breaker keeps calls away) and
 * {@code wsgate_cluster_failures_total} (calls that failed or timed out), each tagged with the
 * engine.
 */
final class ClusterMeters {
  private ClusterMeters() {}

  static void bind(MeterRegistry registry, ClusterState cluster) {
    String engine = cluster.engine();
    Gauge.builder("wsgate.cluster.available", cluster, c -> c.health().available() ? 1 : 0)
        .description("1 while the cluster's shared store answers, 0 while degraded")
        .tag("engine", engine)
        .register(registry);
    Gauge.builder("wsgate.cluster.breaker.open", cluster, c -> c.health().breakerOpen() ? 1 : 0)
        .description("1 while the circuit breaker keeps calls away from the shared store")
        .tag("engine", engine)
        .register(registry);
    FunctionCounter.builder("wsgate.cluster.failures", cluster, c -> c.health().failures())
        .description("calls to the cluster's shared store that failed or timed out")
        .tag("engine", engine)
        .register(registry);
  }
}
