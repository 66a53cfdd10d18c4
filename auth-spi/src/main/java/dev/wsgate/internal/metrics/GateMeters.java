package dev.wsgate.internal.metrics;

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
 * The meters every adapter shares, one name and label set for all of them (so one dashboard serves
 * the server and any embedding application). Every label value comes from the failure table ({@link
 * Failure#metricLabel()}), from tenant ids, or from a fixed list of close codes: never from the
 * request, so the number of series stays bounded.
 *
 * <ul>
 *   <li>{@code wsgate.handshakes{outcome,failure,status,tenant}}: every answered upgrade
 *   <li>{@code wsgate.connections.open{tenant}}: accepted connections not yet closed
 *   <li>{@code wsgate.connections.closed{code,initiator}}: closes of accepted connections
 * </ul>
 *
 * <p>Meters are created on the registry as they are first used. Thread-safe.
 */
public final class GateMeters {
  /** The tenant label of a handshake refused before a tenant was resolved. */
  public static final String NO_TENANT = "none";

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
  private record Labels(String meter, @Nullable Object a, Object b, @Nullable Object c) {}

  /** Meters on {@code registry}. */
  public GateMeters(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** The registry the meters are on. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Registers {@code tenant}'s open-connection gauge at zero, so that dashboards see it. */
  public void tenant(String tenant) {
    openGauge(tenant);
  }

  /**
   * Counts an answered upgrade.
   *
   * @param failure why it was refused; null when accepted
   * @param status the HTTP status answered (101 when accepted)
   * @param tenant the tenant's id; empty when none was resolved
   */
  public void handshake(@Nullable Failure failure, int status, String tenant) {
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
  public void opened(String tenant) {
    openGauge(tenant).incrementAndGet();
  }

  /** An accepted connection of {@code tenant} closed with {@code code}, sent by either side. */
  public void closed(String tenant, int code, boolean byClient) {
    openGauge(tenant).decrementAndGet();
    int known = KNOWN_CODES.contains(code) ? code : 0;
    counter(
            new Labels("closed", known, byClient, null),
            () ->
                Counter.builder("wsgate.connections.closed")
                    .description("closes of accepted connections by close code")
                    .tags(
                        "code",
                        known == 0 ? "other" : Integer.toString(known),
                        "initiator",
                        byClient ? "client" : "server")
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
