package dev.wsgate.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.Tickets;
import dev.wsgate.server.TestServer;
import dev.wsgate.spi.ConfigurationException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The keys of tickets and first-message authentication. */
final class TicketAndMessageConfigTest {
  private static final ProviderRegistry REGISTRY =
      ProviderRegistry.load(TicketAndMessageConfigTest.class.getClassLoader());
  private final ConfigLoader loader = new ConfigLoader(REGISTRY, n -> null, Clock.systemUTC());

  private Configuration load(String... keysAndValues) {
    Map<String, String> p = TestServer.baseProperties();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      p.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return loader.load(p);
  }

  private String problems(String... keysAndValues) {
    return catchThrowableOfType(ConfigurationException.class, () -> load(keysAndValues).close())
        .getMessage();
  }

  private static final String[] TWO_TENANTS = {
    "wsgate.tenants", "acme,globex",
    "wsgate.tenant.resolver", "path",
    "wsgate.tenant.acme.path-prefix", "/acme",
    "wsgate.tenant.globex.path-prefix", "/globex"
  };

  @Test
  void tickets_offByDefault() {
    try (Configuration c = load()) {
      assertThat(c.gate().tenants().get("default").tickets()).isEmpty();
    }
  }

  @Test
  void ticketsEnabled_putsTheTicketExtractorFirst_withTheTtl() {
    try (Configuration c = load("wsgate.tickets.enabled", "true", "wsgate.tickets.ttl", "45s")) {
      TenantPolicy t = c.gate().tenants().get("default");
      assertThat(t.tickets()).map(Tickets::ttl).contains(Duration.ofSeconds(45));
      assertThat(t.extractors().get(0).name()).isEqualTo("ticket");
      assertThat(t.extractors().get(0).toString()).isEqualTo("ticket(ticket)");
      assertThat(t.extractors()).hasSize(5);
    }
    try (Configuration c =
        load("wsgate.tickets.enabled", "true", "wsgate.extractor.ticket.param", "t")) {
      TenantPolicy t = c.gate().tenants().get("default");
      assertThat(t.tickets()).map(Tickets::ttl).contains(Tickets.DEFAULT_TTL);
      assertThat(t.extractors().get(0).toString()).isEqualTo("ticket(t)");
    }
  }

  @Test
  void ticketsEnabled_perTenant() {
    String[] keys = new String[TWO_TENANTS.length + 2];
    System.arraycopy(TWO_TENANTS, 0, keys, 0, TWO_TENANTS.length);
    keys[TWO_TENANTS.length] = "wsgate.tenant.acme.tickets.enabled";
    keys[TWO_TENANTS.length + 1] = "true";
    try (Configuration c = load(keys)) {
      assertThat(c.gate().tenants().get("acme").tickets()).isPresent();
      assertThat(c.gate().tenants().get("globex").tickets()).isEmpty();
    }
  }

  @Test
  void ticketTtl_outOfRange_namesTheKey() {
    assertThat(problems("wsgate.tickets.enabled", "true", "wsgate.tickets.ttl", "6m"))
        .contains("wsgate.tickets.ttl")
        .contains("at most 5m");
    assertThat(problems("wsgate.tickets.enabled", "true", "wsgate.tickets.ttl", "0s"))
        .contains("wsgate.tickets.ttl");
  }

  @Test
  void messageExtractor_readsItsTimeout() {
    try (Configuration c = load("wsgate.extractors", "query,message")) {
      assertThat(c.gate().tenants().get("default").firstMessageTimeout())
          .contains(Duration.ofSeconds(5));
    }
    try (Configuration c =
        load("wsgate.extractors", "message", "wsgate.auth.message-timeout", "1500ms")) {
      assertThat(c.gate().tenants().get("default").firstMessageTimeout())
          .contains(Duration.ofMillis(1500));
    }
    try (Configuration c = load()) {
      assertThat(c.gate().tenants().get("default").firstMessageTimeout()).isEmpty();
    }
  }

  @Test
  void messageTimeout_zero_namesTheKey() {
    assertThat(problems("wsgate.extractors", "message", "wsgate.auth.message-timeout", "0s"))
        .contains("wsgate.auth.message-timeout");
  }

  @Test
  void issuerResolver_withTicketsOrMessage_isAProblem() {
    String[] issuer = {
      "wsgate.tenants", "acme",
      "wsgate.tenant.resolver", "issuer",
      "wsgate.tenant.acme.issuers", "https://acme.example/",
      "wsgate.tickets.enabled", "true"
    };
    assertThat(problems(issuer)).contains("need wsgate.tenant.resolver=host or path");
  }
}
