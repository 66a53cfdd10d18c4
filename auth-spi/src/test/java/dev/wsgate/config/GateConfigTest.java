package dev.wsgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.gate.AlphaStubProvider;
import dev.wsgate.gate.BetaStubProvider;
import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.TokenVerifierProvider;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gate's part of the configuration on its own (the server's {@code ConfigLoaderTest} and the
 * Spring starter's tests read it through their loaders): tenants, hooks, the failure limiter, the
 * trusted proxies and the key registry.
 */
final class GateConfigTest {
  private static final ProviderRegistry REGISTRY =
      ProviderRegistry.of(List.of(new AlphaStubProvider(), new BetaStubProvider()));

  private static GateConfig read(ConfigReader r, VerifierHooks hooks) {
    return GateConfig.read(r, REGISTRY, Clock.systemUTC(), hooks, "/ws");
  }

  @Test
  void read_tenantsByHost_buildsEachTenantThroughTheHooks() {
    List<String> started = new ArrayList<>();
    VerifierHooks hooks =
        new VerifierHooks() {
          @Override
          public TokenVerifier create(TokenVerifierProvider provider, ProviderSettings settings) {
            started.add("create " + provider.id() + " " + settings.key("x"));
            return provider.create(settings);
          }

          @Override
          public TokenVerifier started(String tenant, String provider, TokenVerifier verifier) {
            started.add("started " + tenant + " " + provider);
            return verifier;
          }
        };
    ConfigReader r =
        new ConfigReader(
            Map.of(
                "wsgate.origins", "https://app.example.com",
                "wsgate.provider", "alpha",
                "wsgate.tenants", "acme,globex",
                "wsgate.tenant.resolver", "host",
                "wsgate.tenant.acme.hosts", "acme.example.com",
                "wsgate.tenant.globex.hosts", "globex.example.com",
                "wsgate.tenant.globex.provider", "beta",
                "wsgate.trusted-proxies", "10.0.0.0/8"),
            name -> null);

    try (GateConfig config = read(r, hooks)) {
      assertThat(r.problems()).isEmpty();
      assertThat(started)
          .containsExactly(
              "create alpha wsgate.provider.alpha.x",
              "started acme alpha",
              "create beta wsgate.provider.beta.x",
              "started globex beta");
      assertThat(config.providerIds()).containsExactly("alpha", "beta");
      assertThat(config.endpoints())
          .containsExactly(
              new TenantEndpoint("acme", "acme.example.com", "/ws"),
              new TenantEndpoint("globex", "globex.example.com", "/ws"));
      assertThat(config.trustedProxies()).containsExactly("10.0.0.0/8");
      assertThat(config.builder(Clock.systemUTC()).build().tenants())
          .containsOnlyKeys("acme", "globex");
    }
  }

  @Test
  void read_typoAndBadProxy_reportedWithTheKeyAndTheNearestKnownOne() {
    ConfigReader r =
        new ConfigReader(
            Map.of(
                "wsgate.origins", "https://app.example.com",
                "wsgate.provider", "alpha",
                "wsgate.rate-limit.brust", "5",
                "wsgate.trusted-proxies", "proxy.internal"),
            name -> null);

    try (GateConfig config = read(r, VerifierHooks.NONE)) {
      r.rejectUnknownKeys();

      assertThat(r.problems())
          .containsExactly(
              "wsgate.trusted-proxies 'proxy.internal' is not an IP address or CIDR",
              "unknown key wsgate.rate-limit.brust; did you mean wsgate.rate-limit.burst?");
      assertThat(config.trustedProxies()).isEmpty();
    }
  }

  @Test
  void rejectUnknownKeys_withAReason_appendsItWhereNoKeyIsNear() {
    ConfigReader r =
        new ConfigReader(
            Map.of("wsgate.origins", "x", "wsgate.orgins", "y", "other.key", "z"), name -> null);
    r.markKnown("wsgate.spring.paths");

    r.rejectUnknownKeys("(read elsewhere)");

    assertThat(r.problems())
        .containsExactly(
            "unknown key wsgate.orgins (read elsewhere)",
            "unknown key wsgate.origins (read elsewhere)");
  }
}
