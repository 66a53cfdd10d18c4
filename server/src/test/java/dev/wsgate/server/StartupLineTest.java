package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.server.config.ConfigLoader;
import dev.wsgate.server.config.Configuration;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

final class StartupLineTest {
  private static final ConfigLoader LOADER =
      new ConfigLoader(
          ProviderRegistry.load(StartupLineTest.class.getClassLoader()),
          n -> null,
          Clock.systemUTC());

  private static String line(Map<String, String> overrides) {
    Map<String, String> p = TestServer.baseProperties();
    p.putAll(overrides);
    try (Configuration c = LOADER.load(p)) {
      return StartupLine.of(c, 8080);
    }
  }

  @Test
  void of_oneTenant_isTheOneUrl() {
    String line = line(Map.of());

    assertThat(line)
        .isEqualTo(
            "wsgate listening on ws://127.0.0.1:8080/ws provider=fake tenants=1 transport=java-websocket");
    Matcher m = ServerProcess.LISTENING.matcher(line);
    assertThat(m.matches()).isTrue();
    assertThat(m.group(3)).isEqualTo("/ws");
    assertThat(m.group(6)).isEmpty();
  }

  @Test
  void of_tenantsByPath_namesEachTenantsPath() {
    String line =
        line(
            Map.of(
                "wsgate.tenants", "globex,acme",
                "wsgate.tenant.resolver", "path",
                "wsgate.tenant.acme.path-prefix", "/acme",
                "wsgate.tenant.globex.path-prefix", "/globex"));

    assertThat(line)
        .isEqualTo(
            "wsgate listening on ws://127.0.0.1:8080 provider=fake tenants=2 transport=java-websocket"
                + " globex=ws://127.0.0.1:8080/globex/ws acme=ws://127.0.0.1:8080/acme/ws");
    Matcher m = ServerProcess.LISTENING.matcher(line);
    assertThat(m.matches()).isTrue();
    assertThat(m.group(3)).isNull();
    assertThat(ServerProcess.tenantUrls(m))
        .containsExactly(
            Map.entry("globex", "ws://127.0.0.1:8080/globex/ws"),
            Map.entry("acme", "ws://127.0.0.1:8080/acme/ws"));
  }

  @Test
  void of_tenantsByHost_namesEachTenantsHosts() {
    String line =
        line(
            Map.of(
                "wsgate.listen.host", "::",
                "wsgate.tenants", "acme,globex",
                "wsgate.tenant.resolver", "host",
                "wsgate.tenant.acme.hosts", "acme.example.com,ACME.example.org",
                "wsgate.tenant.globex.hosts", "globex.example.com"));

    assertThat(line)
        .isEqualTo(
            "wsgate listening on ws://[::]:8080 provider=fake tenants=2 transport=java-websocket"
                + " acme=ws://acme.example.com:8080/ws,ws://acme.example.org:8080/ws"
                + " globex=ws://globex.example.com:8080/ws");
    assertThat(ServerProcess.LISTENING.matcher(line).matches()).isTrue();
  }

  @Test
  void of_tenantsByIssuer_shareTheOneUrl() {
    String line =
        line(
            Map.of(
                "wsgate.tenants", "acme,globex",
                "wsgate.tenant.resolver", "issuer",
                "wsgate.tenant.acme.issuers", "https://acme.idp.test",
                "wsgate.tenant.globex.issuers", "https://globex.idp.test"));

    assertThat(line)
        .isEqualTo(
            "wsgate listening on ws://127.0.0.1:8080/ws provider=fake tenants=2 transport=java-websocket");
  }
}
