package dev.wsgate.adapter.spring;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.spi.Failure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The wsgate server's meters, on the application's {@link MeterRegistry}, with the server's names
 * and labels (so one dashboard serves both): {@code
 * wsgate.handshakes{outcome,failure,status,tenant}}, {@code wsgate.connections.open{tenant}},
 * {@code wsgate.connections.closed{code,initiator}} and {@code
 * wsgate.provider.ready{provider,tenant}}. Every label value comes from the failure table,
 * configured tenant ids or a fixed list of close codes, never from the request. Thread-safe.
 */
final class MicrometerGateEvents implements GateEvents {
  private static final String NO_TENANT = "none";

  /** Close codes that get their own label value; any other code is counted as {@code other}. */
  private static final Set<Integer> KNOWN_CODES =
      Set.of(
          1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015,
          4001, 4002, 4003);

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

  /**
   * @param providerIds each tenant's configured provider id, when the gate was built from
   *     properties; empty for a gate built in code
   */
  MicrometerGateEvents(
      MeterRegistry registry, HandshakeGate gate, Map<String, String> providerIds) {
    this.registry = registry;
    for (TenantPolicy t : gate.tenants().values()) {
      openGauge(t.id());
      Gauge.builder("wsgate.provider.ready", t.verifier(), v -> v.isReady() ? 1 : 0)
          .description("1 when the tenant's verifier can verify without a network call")
          .tags("provider", providerIds.getOrDefault(t.id(), providerId(t)), "tenant", t.id())
          .register(registry);
    }
  }

  /**
   * The label of a verifier no configuration names: as the server labels it with the configured
   * provider id, the verifier's class stands for it.
   */
  static String providerId(TenantPolicy t) {
    return t.verifier().getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }

  @Override
  public void answered(Decision decision) {
    Failure failure =
        decision instanceof Decision.Rejected ? ((Decision.Rejected) decision).failure() : null;
    int status = failure == null ? 101 : ((Decision.Rejected) decision).refusal().status();
    String tenant = decision.tenant();
    Counter.builder("wsgate.handshakes")
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
        .register(registry)
        .increment();
  }

  @Override
  public void opened(String tenant) {
    openGauge(tenant).incrementAndGet();
  }

  @Override
  public void closed(String tenant, int code, boolean byClient) {
    openGauge(tenant).decrementAndGet();
    int known = KNOWN_CODES.contains(code) ? code : 0;
    Counter.builder("wsgate.connections.closed")
        .description("closes of accepted connections by close code")
        .tags(
            "code",
            known == 0 ? "other" : Integer.toString(known),
            "initiator",
            byClient ? "client" : "server")
        .register(registry)
        .increment();
  }

  private AtomicInteger openGauge(String tenant) {
    return open.computeIfAbsent(
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
