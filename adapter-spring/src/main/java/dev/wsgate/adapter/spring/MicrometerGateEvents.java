package dev.wsgate.adapter.spring;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.internal.metrics.GateMeters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;

/**
 * The wsgate server's meters, on the application's {@link MeterRegistry}, with the server's names
 * and labels (so one dashboard serves both): {@code
 * wsgate.handshakes{outcome,failure,status,tenant}}, {@code wsgate.connections.open{tenant}},
 * {@code wsgate.connections.closed{code,initiator}} and {@code
 * wsgate.provider.ready{provider,tenant}}. Every label value comes from the failure table,
 * configured tenant ids or a fixed list of close codes, never from the request ({@link GateMeters},
 * which the Java-WebSocket adapter counts with too). Thread-safe.
 */
final class MicrometerGateEvents implements GateEvents {
  private final GateMeters meters;

  /**
   * @param providerIds each tenant's configured provider id, when the gate was built from
   *     properties; empty for a gate built in code
   */
  MicrometerGateEvents(
      MeterRegistry registry, HandshakeGate gate, Map<String, String> providerIds) {
    this.meters = new GateMeters(registry);
    for (TenantPolicy t : gate.tenants().values()) {
      meters.tenant(t.id());
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
    if (decision instanceof Decision.Rejected rejected) {
      meters.handshake(rejected.failure(), rejected.refusal().status(), decision.tenant());
    } else {
      meters.handshake(null, 101, decision.tenant());
    }
  }

  @Override
  public void opened(String tenant) {
    meters.opened(tenant);
  }

  @Override
  public void closed(String tenant, int code, boolean byClient) {
    meters.closed(tenant, code, byClient);
  }
}
