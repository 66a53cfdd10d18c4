package dev.wsgate.gate;

import static dev.wsgate.testkit.HandshakeRequests.of;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class TenantResolverTest {
  private final TenantResolver byHost =
      TenantResolver.byHost(Map.of("acme.example.com", "acme", "Globex.Example.com", "globex"));

  @Test
  void single_everyRequest_belongsToTheTenant() {
    assertThat(TenantResolver.single("default").resolve(of("/anything"))).hasValue("default");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "acme.example.com, acme",
    "ACME.EXAMPLE.COM, acme",
    "acme.example.com:8443, acme",
    "' acme.example.com ', acme",
    "globex.example.com, globex"
  })
  void byHost_knownHost_resolves(String host, String tenant) {
    assertThat(byHost.resolve(of("/ws", "Host", host))).hasValue(tenant);
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(
      strings = {
        "evil.example.com",
        "acme.example.com.evil.test",
        "\u212Aacme.example.com",
        "acme.example.com.",
        ""
      })
  void byHost_unknownHost_isEmpty(String host) {
    assertThat(byHost.resolve(of("/ws", "Host", host))).isEmpty();
  }

  @Test
  void byHost_missingOrRepeatedHost_isEmpty() {
    assertThat(byHost.resolve(of("/ws"))).isEmpty();
    assertThat(byHost.resolve(of("/ws", "Host", "acme.example.com", "Host", "globex.example.com")))
        .isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "/acme, acme",
    "/acme/ws, acme",
    "/acme/eu/ws, acme-eu",
    "/acme/eu, acme-eu",
    "/globex/ws, globex"
  })
  void byPathPrefix_longestMatchingPrefixWins(String path, String tenant) {
    Map<String, String> prefixes = new LinkedHashMap<>();
    prefixes.put("/acme", "acme");
    prefixes.put("/acme/eu", "acme-eu");
    prefixes.put("/globex/", "globex");
    assertThat(TenantResolver.byPathPrefix(prefixes).resolve(of(path))).hasValue(tenant);
    // the order the prefixes were configured in must not matter
    Map<String, String> reversed = new LinkedHashMap<>();
    reversed.put("/globex/", "globex");
    reversed.put("/acme/eu", "acme-eu");
    reversed.put("/acme", "acme");
    assertThat(TenantResolver.byPathPrefix(reversed).resolve(of(path))).hasValue(tenant);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/acmecorp/ws", "/", "/ws", "/ACME/ws"})
  void byPathPrefix_noSegmentMatch_isEmpty(String path) {
    assertThat(TenantResolver.byPathPrefix(Map.of("/acme", "acme")).resolve(of(path))).isEmpty();
  }
}
