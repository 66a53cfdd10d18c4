package dev.wsgate.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.spi.Failure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

final class GateMetersTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final GateMeters meters = new GateMeters(registry);

  private double handshakes(String outcome, String failure, String status, String tenant) {
    return registry
        .get("wsgate.handshakes")
        .tags("outcome", outcome, "failure", failure, "status", status, "tenant", tenant)
        .counter()
        .count();
  }

  @Test
  void handshake_acceptedAndRejected_countedByTheTablesLabels() {
    meters.handshake(null, 101, "acme");
    meters.handshake(null, 101, "acme");
    meters.handshake(Failure.EXPIRED, 401, "acme");
    meters.handshake(Failure.NO_ENDPOINT, 404, "");

    assertThat(handshakes("accepted", "none", "101", "acme")).isEqualTo(2);
    assertThat(handshakes("rejected", Failure.EXPIRED.metricLabel(), "401", "acme")).isEqualTo(1);
    assertThat(handshakes("rejected", Failure.NO_ENDPOINT.metricLabel(), "404", "none"))
        .isEqualTo(1);
  }

  @Test
  void tenant_registeredBeforeAnyConnection_gaugeAtZeroThenFollowsOpensAndCloses() {
    meters.tenant("acme");
    assertThat(registry.get("wsgate.connections.open").tag("tenant", "acme").gauge().value())
        .isZero();

    meters.opened("acme");
    meters.opened("acme");
    meters.closed("acme", 1000, true);

    assertThat(registry.get("wsgate.connections.open").tag("tenant", "acme").gauge().value())
        .isEqualTo(1);
  }

  @Test
  void closed_codeOutsideTheKnownList_countedAsOther_neverAsItsValue() {
    meters.opened("acme");
    meters.opened("acme");
    meters.closed("acme", 4999, true);
    meters.closed("acme", 4001, false);

    assertThat(
            registry
                .get("wsgate.connections.closed")
                .tags("code", "other", "initiator", "client")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("wsgate.connections.closed")
                .tags("code", "4001", "initiator", "server")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(registry.find("wsgate.connections.closed").tag("code", "4999").counter()).isNull();
  }
}
