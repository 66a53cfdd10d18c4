package dev.wsgate.adapter.javawebsocket;

import dev.wsgate.spi.Failure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
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
 * server is built. Thread-safe.
 */
public final class ServerMetrics {
  static final String NO_TENANT = "none";

  /** Close codes that get their own label value; any other code is counted as {@code other}. */
  private static final Set<Integer> KNOWN_CODES =
      Set.of(
          1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015,
          4001, 4002, 4003);

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

  /**
   * Meters by their label values, so that counting on the handshake path is one map lookup on a
   * record key, not a meter id built and looked up in the registry per count.
   */
  private final Map<Labels, Counter> counters = new ConcurrentHashMap<>();

  /** A meter's name and label values, as a map key. */
  private record Labels(String meter, Object a, Object b, Object c) {}

  /** Meters on {@code registry}. */
  public ServerMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** The registry, to bind more meters or to hand to another exporter. */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Registers {@code tenant}'s open-connection gauge at zero, so that dashboards see it from start.
   */
  void tenant(String tenant) {
    openGauge(tenant);
  }

  /** Counts an answered upgrade: {@code failure} is null when it was accepted. */
  void handshake(@Nullable Failure failure, int status, String tenant) {
    counter(
            new Labels("handshakes", failure, status, tenant),
            () -> handshakeCounter(failure, status, tenant))
        .increment();
  }

  private Counter handshakeCounter(@Nullable Failure failure, int status, String tenant) {
    return Counter.builder("wsgate.handshakes")
        .description("answered WebSocket upgrade requests")
        .tags(
            "outcome",
            failure == null ? "accepted" : "rejected",
            "failure",
            failure == null ? "none" : failure.metricLabel(),
            "status",
            Integer.toString(status),
            "tenant",
            tenant.isEmpty() ? NO_TENANT : tenant)
        .register(registry);
  }

  /** An accepted connection of {@code tenant} opened. */
  void opened(String tenant) {
    openGauge(tenant).incrementAndGet();
  }

  /** An accepted connection of {@code tenant} closed with {@code code}. */
  void closed(String tenant, int code, boolean remote) {
    openGauge(tenant).decrementAndGet();
    int known = KNOWN_CODES.contains(code) ? code : 0;
    counter(
            new Labels("closed", known, remote, null),
            () ->
                Counter.builder("wsgate.connections.closed")
                    .description("closes of accepted connections by close code")
                    .tags(
                        "code",
                        known == 0 ? "other" : Integer.toString(known),
                        "initiator",
                        remote ? "client" : "server")
                    .register(registry))
        .increment();
  }

  private Counter counter(Labels key, Supplier<Counter> make) {
    Counter c = counters.get(key);
    return c != null ? c : counters.computeIfAbsent(key, k -> make.get());
  }

  private AtomicInteger openGauge(String tenant) {
    AtomicInteger known = open.get(tenant);
    return known != null
        ? known
        : open.computeIfAbsent(
            tenant,
            t -> {
              AtomicInteger n = new AtomicInteger();
              Gauge.builder("wsgate.connections.open", n, AtomicInteger::get)
                  .description("accepted connections not yet closed")
                  .tags("tenant", t)
                  .register(registry);
              return n;
            });
  }
}
