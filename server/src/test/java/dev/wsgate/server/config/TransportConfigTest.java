package dev.wsgate.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsgate.server.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Transport keys the configuration reads for the adapter's {@code ServerConfig} and gate. */
final class TransportConfigTest {

  @Test
  void configuredZeroSeconds_loadsAsZero() {
    try (TestServer server = TestServer.start(Map.of("wsgate.handshake.verify-timeout", "0s"))) {
      assertThat(server.configuration.gate().verifyTimeout()).isZero();
    }
  }

  @Test
  void badTrustedProxyEntry_isAConfigurationProblemNamingTheKey() {
    assertThatThrownBy(
            () -> TestServer.start(Map.of("wsgate.trusted-proxies", "10.0.0.0/8,proxy.internal")))
        .hasMessageContaining("wsgate.trusted-proxies")
        .hasMessageContaining("proxy.internal");
  }

  @Test
  void transport_unknownValue_isAConfigurationProblemNamingTheKey() {
    assertThatThrownBy(() -> TestServer.start(Map.of("wsgate.transport", "grizzly")))
        .hasMessageContaining("wsgate.transport")
        .hasMessageContaining("grizzly");
  }
}
