package dev.wsgate.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.server.TestServer;
import dev.wsgate.spi.ConfigurationException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operations keys: {@code wsgate.admin.*} and {@code wsgate.log.level}. */
final class OpsConfigTest {
  private static final ConfigLoader LOADER =
      new ConfigLoader(
          ProviderRegistry.load(OpsConfigTest.class.getClassLoader()),
          n -> null,
          Clock.systemUTC());

  private static Configuration load(Map<String, String> overrides) {
    Map<String, String> p = TestServer.baseProperties();
    p.putAll(overrides);
    return LOADER.load(p);
  }

  @Test
  void admin_unset_isDisabled() {
    try (Configuration c = load(Map.of())) {
      assertThat(c.admin().enabled()).isFalse();
      assertThat(c.admin().adminToken()).isEmpty();
    }
  }

  @Test
  void admin_portOnly_bindsLoopbackWithoutDisconnect() {
    try (Configuration c = load(Map.of("wsgate.admin.port", "9090"))) {
      assertThat(c.admin().enabled()).isTrue();
      assertThat(c.admin().host()).isEqualTo("127.0.0.1");
      assertThat(c.admin().port()).isEqualTo(9090);
      assertThat(c.admin().adminToken()).isEmpty();
      assertThat(c.admin().denyFor()).isEqualTo(Duration.ofHours(1));
    }
  }

  @Test
  void admin_tokenIsASecret_neverPrinted() {
    String token = "a-long-admin-token-123";
    try (Configuration c =
        load(
            Map.of(
                "wsgate.admin.port", "0",
                "wsgate.admin.token", token,
                "wsgate.admin.deny-for", "10m"))) {
      assertThat(c.admin().adminToken()).isPresent();
      assertThat(c.admin().denyFor()).isEqualTo(Duration.ofMinutes(10));
      assertThat(c.admin().toString()).doesNotContain(token).contains("token=****");
    }
  }

  @Test
  void admin_badValues_areReportedTogetherByKey() {
    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class,
            () ->
                load(
                    Map.of(
                        "wsgate.admin.token", "short",
                        "wsgate.admin.deny-for", "0s",
                        "wsgate.log.level", "loud")));

    assertThat(e.problems())
        .anySatisfy(p -> assertThat(p).startsWith("wsgate.admin.token must be at least 16"))
        .anySatisfy(p -> assertThat(p).contains("wsgate.admin.token is set but wsgate.admin.port"))
        .anySatisfy(p -> assertThat(p).startsWith("wsgate.admin.deny-for must be longer than 0"))
        .anySatisfy(p -> assertThat(p).startsWith("wsgate.log.level must be one of"));
    assertThat(String.join("\n", e.problems())).doesNotContain("short");
  }

  @Test
  void logLevel_known_isAccepted() {
    try (Configuration c = load(Map.of("wsgate.log.level", "WARN"))) {
      assertThat(c.tenants()).isEqualTo(1);
    }
  }
}
