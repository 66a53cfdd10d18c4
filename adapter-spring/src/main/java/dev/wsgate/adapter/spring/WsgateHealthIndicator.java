package dev.wsgate.adapter.spring;

import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.TenantPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Actuator health from the providers' readiness ({@link dev.wsgate.spi.TokenVerifier#isReady()}):
 * {@code UP} when every tenant's verifier can verify without a network call, else {@code
 * OUT_OF_SERVICE} (a JWKS tenant before its first key fetch), with each tenant's readiness as a
 * detail. Never blocks: {@code isReady} must not.
 */
final class WsgateHealthIndicator implements HealthIndicator {
  private final HandshakeGate gate;

  WsgateHealthIndicator(HandshakeGate gate) {
    this.gate = gate;
  }

  @Override
  public Health health() {
    Map<String, Object> tenants = new LinkedHashMap<>();
    boolean ready = true;
    for (TenantPolicy t : gate.tenants().values()) {
      boolean r;
      try {
        r = t.verifier().isReady();
      } catch (RuntimeException e) {
        r = false;
      }
      tenants.put(t.id(), r ? "ready" : "not ready");
      ready &= r;
    }
    return (ready ? Health.up() : Health.outOfService()).withDetail("tenants", tenants).build();
  }
}
