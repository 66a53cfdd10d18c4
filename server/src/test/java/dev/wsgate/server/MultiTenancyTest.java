package dev.wsgate.server;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.wsgate.adapter.javawebsocket.fixtures.Handshakes.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.nimbusds.jose.jwk.RSAKey;
import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.adapter.javawebsocket.fixtures.Handshakes;
import dev.wsgate.adapter.javawebsocket.fixtures.Jwts;
import dev.wsgate.adapter.javawebsocket.fixtures.LogCapture;
import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.server.config.ConfigLoader;
import dev.wsgate.server.config.Configuration;
import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.testkit.RawHttp;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three tenants in one server: two {@code hmac} tenants that differ only by their secret and a
 * {@code jwks} tenant against WireMock, routed by {@code Host} or by path prefix. A token is
 * accepted only by its own tenant, an origin only by the tenant that allows it.
 */
final class MultiTenancyTest {
  private static final String SECRET_A = "acme-secret-of-at-least-thirty-two-bytes!";
  private static final String SECRET_B = "globex-secret-of-at-least-thirty-two-bytes";
  private static final String AUDIENCE = "chat";
  private static final String JWKS_ISSUER = "https://login.initech.example/";
  private static final RSAKey INITECH_KEY = Jwts.rsa("initech-1");

  @RegisterExtension
  static final WireMockExtension IDP =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  /** A tenant: its id, the one origin it allows, and how its tokens are made. */
  private record Tenant(String id, String provider, Function<Instant, String> mint) {
    String origin() {
      return "https://" + id + ".example.com";
    }

    String host() {
      return id + ".chat.example";
    }
  }

  private static final List<Tenant> TENANTS =
      List.of(
          new Tenant("acme", "hmac", iat -> Jwts.hs256(SECRET_A, claims(null, iat))),
          new Tenant("globex", "hmac", iat -> Jwts.hs256(SECRET_B, claims(null, iat))),
          new Tenant("initech", "jwks", iat -> Jwts.rs256(INITECH_KEY, claims(JWKS_ISSUER, iat))));

  private static com.nimbusds.jwt.JWTClaimsSet claims(String issuer, Instant iat) {
    return Jwts.claims("alice", issuer, AUDIENCE, iat, Duration.ofHours(1)).build();
  }

  private static Map<String, String> properties(String resolver) {
    IDP.stubFor(get("/initech/keys").willReturn(okJson(Jwts.jwks(INITECH_KEY))));
    Map<String, String> p = new HashMap<>();
    p.put("wsgate.provider", null);
    p.put("wsgate.provider.fake.must-be-set", null);
    p.put("wsgate.handshake.verify-timeout", "30s");
    p.put("wsgate.tenant.initech.provider.jwks.connect-timeout", "5s");
    p.put("wsgate.tenant.initech.provider.jwks.read-timeout", "5s");
    p.put("wsgate.origins", null);
    p.put("wsgate.tenants", "acme,globex,initech");
    p.put("wsgate.tenant.resolver", resolver);
    for (Tenant t : TENANTS) {
      String prefix = "wsgate.tenant." + t.id() + ".";
      p.put(prefix + "origins", t.origin());
      p.put(prefix + "provider", t.provider());
      if (resolver.equals("host")) {
        p.put(prefix + "hosts", t.host());
      } else {
        p.put(prefix + "path-prefix", "/" + t.id());
      }
    }
    p.put("wsgate.tenant.acme.provider.hmac.secret", SECRET_A);
    p.put("wsgate.tenant.globex.provider.hmac.secret", SECRET_B);
    // a tenant's provider settings replace the server-wide ones as a whole: audience per tenant
    p.put("wsgate.tenant.acme.provider.hmac.audience", AUDIENCE);
    p.put("wsgate.tenant.globex.provider.hmac.audience", AUDIENCE);
    p.put("wsgate.tenant.initech.provider.jwks.jwks-uri", IDP.url("/initech/keys"));
    p.put("wsgate.tenant.initech.provider.jwks.issuer", JWKS_ISSUER);
    p.put("wsgate.tenant.initech.provider.jwks.audience", AUDIENCE);
    return p;
  }

  private static RawHttp.Response upgrade(
      TestServer s, String resolver, Tenant at, String token, String origin) throws IOException {
    return resolver.equals("host")
        ? Handshakes.upgradeAt(s.port, at.host(), "/ws", token, "Origin: " + origin)
        : Handshakes.upgrade(s.port, "/" + at.id() + "/ws", token, "Origin: " + origin);
  }

  /**
   * HS256 under another secret fails its signature; an algorithm the tenant does not take, first.
   */
  private static Failure expected(Tenant at, Tenant from) {
    return at.provider().equals(from.provider())
        ? Failure.INVALID_SIGNATURE
        : Failure.UNSUPPORTED_ALGORITHM;
  }

  @ParameterizedTest
  @ValueSource(strings = {"host", "path"})
  void threeTenants_tokenOfOneTenant_rejectedByEveryOther(String resolver) throws Exception {
    try (TestServer s = TestServer.start(properties(resolver))) {
      assertThat(s.configuration.tenants()).isEqualTo(3);
      Instant now = Instant.now();
      int pairs = 0;
      try (LogCapture log = LogCapture.start()) {
        for (Tenant at : TENANTS) {
          assertThat(upgrade(s, resolver, at, at.mint().apply(now), at.origin()).status())
              .as("own token at %s", at.id())
              .isEqualTo(101);
          for (Tenant from : TENANTS) {
            if (from != at) {
              String token = from.mint().apply(now);
              assertRefused(
                  upgrade(s, resolver, at, token, at.origin()),
                  expected(at, from),
                  token,
                  at.id(),
                  log);
              pairs++;
            }
          }
        }
      }
      assertThat(pairs).isEqualTo(6);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"host", "path"})
  void threeTenants_originOfOneTenant_403OnEveryOther(String resolver) throws Exception {
    try (TestServer s = TestServer.start(properties(resolver));
        LogCapture log = LogCapture.start()) {
      Instant now = Instant.now();
      for (Tenant at : TENANTS) {
        String token = at.mint().apply(now);
        for (Tenant from : TENANTS) {
          if (from != at) {
            assertRefused(
                upgrade(s, resolver, at, token, from.origin()),
                Failure.ORIGIN_NOT_ALLOWED,
                token,
                at.id(),
                log);
          }
        }
      }
    }
  }

  @Test
  void hostResolver_realClients_reachTheirTenantOnly() throws Exception {
    try (TestServer s = TestServer.start(properties("host"))) {
      Instant now = Instant.now();
      Tenant acme = TENANTS.get(0);
      Tenant initech = TENANTS.get(2);
      Clients.Recording own =
          new Clients.Recording(
              URI.create(s.uri("/ws") + Handshakes.query(initech.mint().apply(now))),
              Map.of("Origin", initech.origin(), "Host", initech.host()));
      Clients.Recording foreign =
          new Clients.Recording(
              URI.create(s.uri("/ws") + Handshakes.query(initech.mint().apply(now))),
              Map.of("Origin", acme.origin(), "Host", acme.host()));
      try {
        assertThat(own.connectBlocking(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        own.send("initech");
        assertThat(own.messages.poll(20, java.util.concurrent.TimeUnit.SECONDS))
            .isEqualTo("initech");
        assertThat(foreign.connectBlocking(20, java.util.concurrent.TimeUnit.SECONDS)).isFalse();
      } finally {
        own.closeBlocking();
        foreign.closeBlocking();
      }
    }
  }

  @Test
  void pathResolver_jdkClient_echoesOnOwnPath_refusedOnAnother() throws Exception {
    try (TestServer s = TestServer.start(properties("path"))) {
      String globex = TENANTS.get(1).mint().apply(Instant.now());
      String origin = TENANTS.get(1).origin();

      assertThat(Handshakes.jdkEcho(s.uri("/globex/ws"), origin, globex, "g")).isEqualTo("g");
      assertThat(Handshakes.jdkRefusal(s.uri("/acme/ws"), origin, globex)).isEqualTo(403);
      assertThat(Handshakes.jdkRefusal(s.uri("/ws"), origin, globex)).isEqualTo(404);
    }
  }

  @Test
  void load_threeTenants_countsThemAndListsTheirProviders() {
    Map<String, String> p = complete(properties("host"));
    try (Configuration c = load(p)) {
      assertThat(c.tenants()).isEqualTo(3);
      assertThat(c.providers()).isEqualTo("hmac,jwks");
      assertThat(c.gate().tenants()).containsOnlyKeys("acme", "globex", "initech");
    }
  }

  @Test
  void load_oneMisconfiguredTenant_stopsNamingItsKeys() {
    Map<String, String> p = complete(properties("host"));
    p.put("wsgate.tenant.globex.provider.hmac.secret", "s3cr3t-x");
    p.put("wsgate.tenant.initech.origins", "not an origin");
    p.remove("wsgate.tenant.acme.hosts");

    ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> load(p));

    assertThat(e).isNotNull();
    assertThat(e.problems())
        .anyMatch(m -> m.startsWith("wsgate.tenant.globex.provider.hmac.secret"))
        .anyMatch(m -> m.startsWith("wsgate.tenant.initech.origins"))
        .anyMatch(m -> m.startsWith("wsgate.tenant.acme.hosts"));
    assertThat(e.getMessage()).doesNotContain("s3cr3t-x");
  }

  /** What {@link TestServer#start(Map)} loads: its base properties with {@code overrides}. */
  private static Map<String, String> complete(Map<String, String> overrides) {
    Map<String, String> p = new HashMap<>(TestServer.baseProperties());
    overrides.forEach(
        (k, v) -> {
          if (v == null) {
            p.remove(k);
          } else {
            p.put(k, v);
          }
        });
    return p;
  }

  private static Configuration load(Map<String, String> p) {
    return new ConfigLoader(
            ProviderRegistry.load(MultiTenancyTest.class.getClassLoader()),
            n -> null,
            Clock.systemUTC())
        .load(p);
  }
}
