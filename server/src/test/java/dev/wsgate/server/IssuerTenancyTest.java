package dev.wsgate.server;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.wsgate.adapter.javawebsocket.fixtures.Handshakes.assertRefused;
import static dev.wsgate.adapter.javawebsocket.fixtures.Handshakes.upgrade;
import static dev.wsgate.server.TestServer.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.nimbusds.jose.jwk.RSAKey;
import dev.wsgate.adapter.javawebsocket.fixtures.Handshakes;
import dev.wsgate.adapter.javawebsocket.fixtures.Jwts;
import dev.wsgate.adapter.javawebsocket.fixtures.LogCapture;
import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.server.config.ConfigLoader;
import dev.wsgate.server.config.Configuration;
import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.testkit.RawHttp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code wsgate.tenant.resolver=issuer}: the token's unverified {@code iss} picks the tenant (from
 * {@code wsgate.tenant.<id>.issuers}), whose verifier then checks the whole token.
 */
final class IssuerTenancyTest {
  private static final String SECRET_A = "acme-secret-of-at-least-thirty-two-bytes!";
  private static final String SECRET_B = "globex-secret-of-at-least-thirty-two-bytes";
  private static final String ACME = "https://acme.example/";
  private static final String GLOBEX = "https://globex.example/";
  private static final String INITECH = "https://login.initech.example/";
  private static final RSAKey INITECH_KEY = Jwts.rsa("initech-1");

  @RegisterExtension
  static final WireMockExtension IDP =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static Map<String, String> properties() {
    IDP.stubFor(get("/initech/keys").willReturn(okJson(Jwts.jwks(INITECH_KEY))));
    Map<String, String> p = new HashMap<>();
    p.put("wsgate.provider", null);
    p.put("wsgate.provider.fake.must-be-set", null);
    p.put("wsgate.handshake.verify-timeout", "30s");
    p.put("wsgate.tenant.initech.provider.jwks.connect-timeout", "5s");
    p.put("wsgate.tenant.initech.provider.jwks.read-timeout", "5s");
    p.put("wsgate.tenants", "acme,globex,initech");
    p.put("wsgate.tenant.resolver", "issuer");
    p.put("wsgate.tenant.acme.issuers", ACME);
    p.put("wsgate.tenant.acme.provider", "hmac");
    p.put("wsgate.tenant.acme.provider.hmac.secret", SECRET_A);
    p.put("wsgate.tenant.acme.provider.hmac.issuer", ACME);
    p.put("wsgate.tenant.globex.issuers", GLOBEX);
    p.put("wsgate.tenant.globex.provider", "hmac");
    p.put("wsgate.tenant.globex.provider.hmac.secret", SECRET_B);
    p.put("wsgate.tenant.globex.origins", "https://globex.example.com");
    p.put("wsgate.tenant.initech.issuers", INITECH);
    p.put("wsgate.tenant.initech.provider", "jwks");
    p.put("wsgate.tenant.initech.provider.jwks.jwks-uri", IDP.url("/initech/keys"));
    p.put("wsgate.tenant.initech.provider.jwks.issuer", INITECH);
    return p;
  }

  private static String hmac(String secret, String issuer) {
    return Jwts.hs256(
        secret, Jwts.claims("alice", issuer, "chat", Instant.now(), Duration.ofHours(1)).build());
  }

  private static String rsa(String issuer) {
    return Jwts.rs256(
        INITECH_KEY,
        Jwts.claims("alice", issuer, "chat", Instant.now(), Duration.ofHours(1)).build());
  }

  private static Configuration load(Map<String, String> overrides) {
    Map<String, String> p = new HashMap<>(TestServer.baseProperties());
    overrides.forEach(
        (k, v) -> {
          if (v == null) {
            p.remove(k);
          } else {
            p.put(k, v);
          }
        });
    return new ConfigLoader(
            ProviderRegistry.load(IssuerTenancyTest.class.getClassLoader()),
            n -> null,
            Clock.systemUTC())
        .load(p);
  }

  @Test
  void issuerResolver_eachIssuersToken_acceptedByItsTenant() throws Exception {
    try (TestServer s = TestServer.start(properties());
        LogCapture log = LogCapture.start()) {
      assertThat(s.configuration.tenants()).isEqualTo(3);

      assertThat(upgrade(s.port, "/ws", hmac(SECRET_A, ACME), "Origin: " + ORIGIN).status())
          .isEqualTo(101);
      assertThat(
              RawHttp.exchange(
                      s.port,
                      RawHttp.upgrade(
                          "/ws",
                          "Origin: https://globex.example.com",
                          "Authorization: Bearer " + hmac(SECRET_B, GLOBEX)))
                  .status())
          .isEqualTo(101);
      assertThat(Handshakes.jdkEcho(s.uri("/ws"), ORIGIN, rsa(INITECH), "initech"))
          .isEqualTo("initech");
      assertThat(log.lines())
          .anyMatch(l -> l.contains("handshake accepted") && l.contains("tenant=acme"))
          .anyMatch(l -> l.contains("handshake accepted") && l.contains("tenant=globex"))
          .anyMatch(l -> l.contains("handshake accepted") && l.contains("tenant=initech"));
    }
  }

  @Test
  void issuerResolver_unknownMissingOrBorrowedIssuer_401() throws Exception {
    try (TestServer s = TestServer.start(properties());
        LogCapture log = LogCapture.start()) {
      String unknown = hmac(SECRET_A, "https://evil.example/");
      String noIssuer = hmac(SECRET_A, null);
      String borrowed = hmac(SECRET_A, GLOBEX); // names globex, signed with acme's secret
      String rsaAsAcme = rsa(ACME);

      assertRefused(
          upgrade(s.port, "/ws", unknown, "Origin: " + ORIGIN),
          Failure.WRONG_ISSUER,
          unknown,
          "-",
          log);
      assertRefused(
          upgrade(s.port, "/ws", noIssuer, "Origin: " + ORIGIN),
          Failure.WRONG_ISSUER,
          noIssuer,
          "-",
          log);
      assertRefused(
          upgrade(s.port, "/ws", borrowed, "Origin: https://globex.example.com"),
          Failure.INVALID_SIGNATURE,
          borrowed,
          "globex",
          log);
      assertRefused(
          upgrade(s.port, "/ws", rsaAsAcme, "Origin: " + ORIGIN),
          Failure.UNSUPPORTED_ALGORITHM,
          rsaAsAcme,
          "acme",
          log);
      RawHttp.Response none = RawHttp.exchange(s.port, RawHttp.upgrade("/ws", "Origin: " + ORIGIN));
      assertThat(none.status()).isEqualTo(401);
      assertThat(log.lines()).anyMatch(l -> l.contains("failure=MISSING_TOKEN"));
      assertThat(Handshakes.jdkRefusal(s.uri("/ws"), ORIGIN, unknown)).isEqualTo(401);
    }
  }

  @Test
  void issuerResolver_originCheckedForTheChosenTenant_403() throws Exception {
    try (TestServer s = TestServer.start(properties());
        LogCapture log = LogCapture.start()) {
      String globex = hmac(SECRET_B, GLOBEX);

      assertRefused(
          upgrade(s.port, "/ws", globex, "Origin: " + ORIGIN),
          Failure.ORIGIN_NOT_ALLOWED,
          globex,
          "globex",
          log);
    }
  }

  @Test
  void load_issuerResolverWithoutIssuerOrRepeatedOrPerTenantExtractors_namesEachKey() {
    Map<String, String> p = properties();
    p.remove("wsgate.tenant.acme.issuers");
    p.put("wsgate.tenant.initech.issuers", GLOBEX);
    p.put("wsgate.tenant.globex.extractors", "header");

    ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> load(p));

    assertThat(e).isNotNull();
    assertThat(e.problems())
        .anyMatch(m -> m.startsWith("wsgate.tenant.acme.issuers is required"))
        .anyMatch(m -> m.startsWith("wsgate.tenant.initech.issuers repeats " + GLOBEX))
        .anyMatch(m -> m.startsWith("wsgate.tenant.globex.extractors cannot differ per tenant"));
  }
}
