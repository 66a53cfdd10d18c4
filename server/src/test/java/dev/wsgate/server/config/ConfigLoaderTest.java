package dev.wsgate.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wsgate.adapter.javawebsocket.ExpiryMode;
import dev.wsgate.gate.Decision;
import dev.wsgate.gate.HandshakeRequest;
import dev.wsgate.gate.Headers;
import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.server.TestServer;
import dev.wsgate.server.cli.DevMode;
import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.testkit.FakeTokenVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ConfigLoaderTest {
  private static final ProviderRegistry REGISTRY =
      ProviderRegistry.load(ConfigLoaderTest.class.getClassLoader());

  private final Map<String, String> env = new HashMap<>();
  private final ConfigLoader loader = new ConfigLoader(REGISTRY, env::get, Clock.systemUTC());

  private static Map<String, String> with(Map<String, String> overrides) {
    Map<String, String> p = TestServer.baseProperties();
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

  private ConfigurationException problems(Map<String, String> overrides) {
    return catchThrowableOfType(ConfigurationException.class, () -> loader.load(with(overrides)));
  }

  @Test
  void load_designExampleSingleTenantFile_readsEveryKeyWithTrailingComments(@TempDir Path dir)
      throws Exception {
    String secret = "0123456789abcdef0123456789abcdef-dev";
    env.put("WSGATE_HMAC_SECRET", secret);
    Path file = dir.resolve("wsgate.properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "wsgate.listen.host=0.0.0.0",
            "wsgate.listen.port=8080            # 0 = any free port; the start-up line prints the"
                + " real one",
            "wsgate.path=/ws",
            "wsgate.origins=https://app.example.com,https://*.example.com",
            "wsgate.origins.allow-missing=false",
            "wsgate.extractors=query,cookie,subprotocol   # order matters; also: header",
            "wsgate.extractor.query.param=token",
            "wsgate.extractor.cookie.name=wsgate_token",
            "wsgate.extractor.subprotocol.prefix=bearer.",
            "wsgate.subprotocols=app.v1",
            "wsgate.max-token-bytes=8192",
            "wsgate.clock-skew=30s",
            "wsgate.session.on-expiry=close       # close | keep",
            "wsgate.provider=hmac                 # a TokenVerifierProvider id",
            "wsgate.provider.hmac.secret=${env:WSGATE_HMAC_SECRET}",
            "wsgate.provider.hmac.issuer=https://issuer.example.com",
            "wsgate.provider.hmac.audience=my-api",
            ""),
        StandardCharsets.UTF_8);

    try (Configuration c = loader.load(file)) {
      assertThat(c.server().port()).isEqualTo(8080);
      assertThat(c.server().host()).isEqualTo("0.0.0.0");
      assertThat(c.server().paths()).containsExactly("/ws");
      assertThat(c.server().onExpiry()).isEqualTo(ExpiryMode.CLOSE);
      assertThat(c.providers()).isEqualTo("hmac");
      assertThat(c.tenants()).isEqualTo(1);
      assertThat(c.gate().tenants().get("default").subprotocols()).containsExactly("app.v1");
      assertThat(c.gate().tenants().get("default").clockSkew()).isEqualTo(Duration.ofSeconds(30));
    }
  }

  @Test
  void load_fileSecret_resolvesFilePlaceholder(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("must");
    Files.writeString(secret, "from-file\n");

    try (Configuration c =
        loader.load(with(Map.of("wsgate.provider.fake.must-be-set", "${file:" + secret + "}")))) {
      assertThat(c.providers()).isEqualTo("fake");
    }
  }

  @Test
  void load_typoInKey_namesKeyAndNearestKnownKey() {
    ConfigurationException e = problems(Map.of("wsgate.orgins", "https://a.example.com"));

    assertThat(e.problems())
        .containsExactly("unknown key wsgate.orgins; did you mean wsgate.origins?");
  }

  @Test
  void load_typoInProviderKey_namesNearestProviderKey() {
    ConfigurationException e = problems(Map.of("wsgate.provider.fake.lable", "x"));

    assertThat(e.problems())
        .containsExactly(
            "unknown key wsgate.provider.fake.lable; did you mean wsgate.provider.fake.label?");
  }

  @Test
  void load_severalProblems_reportsAllTogether() {
    ConfigurationException e =
        problems(
            Map.of(
                "wsgate.listen.port", "eighty",
                "wsgate.clock-skew", "soon",
                "wsgate.session.on-expiry", "maybe",
                "wsgate.sessions.on-expiry", "close"));

    assertThat(e.problems()).hasSize(4);
    assertThat(e.getMessage())
        .contains("wsgate.listen.port")
        .contains("wsgate.clock-skew")
        .contains("wsgate.session.on-expiry expected close or keep")
        .contains("unknown key wsgate.sessions.on-expiry; did you mean wsgate.session.on-expiry?");
  }

  @Test
  void load_badIpv6Prefix_namesTheKey() {
    for (String bad : new String[] {"0", "129", "sixty-four"}) {
      ConfigurationException e = problems(Map.of("wsgate.rate-limit.ipv6-prefix", bad));

      assertThat(e.problems())
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .startsWith("wsgate.rate-limit.ipv6-prefix expected an integer");
    }
  }

  @Test
  void load_unknownProvider_namesAvailableIds() {
    ConfigurationException e = problems(Map.of("wsgate.provider", "nope"));

    assertThat(e.getMessage())
        .contains("wsgate.provider")
        .contains("No TokenVerifierProvider with id 'nope'")
        .contains("fake");
  }

  @Test
  void load_missingProviderSetting_namesFullKey() {
    ConfigurationException e = problems(Map.of("wsgate.provider.fake.must-be-set", ""));

    assertThat(e.problems())
        .containsExactly("wsgate.provider.fake.must-be-set is required but not set");
  }

  @Test
  void load_missingEnvSecret_namesKeyAndVariableNotValue() {
    ConfigurationException e =
        problems(Map.of("wsgate.provider.fake.must-be-set", "${env:WSGATE_NOT_SET}"));

    assertThat(e.getMessage()).contains("wsgate.provider.fake.must-be-set", "WSGATE_NOT_SET");
  }

  @Test
  void load_hmacSecretTooShort_neverShowsTheSecret() {
    ConfigurationException e =
        problems(Map.of("wsgate.provider", "hmac", "wsgate.provider.hmac.secret", "s3cr3t-value"));

    assertThat(e.getMessage()).contains("wsgate.provider.hmac.secret").doesNotContain("s3cr3t");
  }

  @Test
  void load_missingOrigins_isRequired() {
    ConfigurationException e = problems(java.util.Collections.singletonMap("wsgate.origins", null));

    assertThat(e.getMessage()).startsWith("wsgate.origins is required");
  }

  @Test
  void load_badOriginPattern_stopsStartUp() {
    assertThatThrownBy(() -> loader.load(with(Map.of("wsgate.origins", "https://*example.com"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("wsgate.origins");
  }

  @Test
  void load_ipEntriesInOtherSpellings_acceptTheOriginsBrowsersSend() {
    try (Configuration c =
        loader.load(with(Map.of("wsgate.origins", "http://127.1:3000,http://[0:0::1]:*")))) {
      assertThat(c.gate().evaluate(request("localhost", "http://127.0.0.1:3000")))
          .isInstanceOf(Decision.Accepted.class);
      assertThat(c.gate().evaluate(request("localhost", "http://[::1]:5173")))
          .isInstanceOf(Decision.Accepted.class);
      assertThat(c.gate().evaluate(request("localhost", "http://127.0.0.2:3000")))
          .isInstanceOfSatisfying(
              Decision.Rejected.class,
              r -> assertThat(r.failure()).isEqualTo(Failure.ORIGIN_NOT_ALLOWED));
    }
  }

  @Test
  void load_entriesBrowsersReadOtherwise_stopStartUpNamingKeyAndForm() {
    ConfigurationException e =
        problems(Map.of("wsgate.origins", "https://app.example.com/,http://1.2.3.4.5"));

    assertThat(e.problems())
        .singleElement()
        .asString()
        .startsWith("wsgate.origins invalid origin pattern 'https://app.example.com/'")
        .contains("a browser reads it as 'https://app.example.com': write that")
        .contains("'http://1.2.3.4.5': a host whose last label is a number is an IPv4 address");
  }

  @Test
  void load_settingsOfUnselectedProvider_areUnknown() {
    ConfigurationException e = problems(Map.of("wsgate.provider.jwks.jwks-uri", "https://x/"));

    assertThat(e.problems())
        .singleElement()
        .asString()
        .startsWith("unknown key wsgate.provider.jwks.jwks-uri");
  }

  @Test
  void load_keepMode_isRead() {
    try (Configuration c = loader.load(with(Map.of("wsgate.session.on-expiry", "keep")))) {
      assertThat(c.server().onExpiry()).isEqualTo(ExpiryMode.KEEP);
    }
  }

  @Test
  void load_tenantsByHost_routesEachHostToItsTenant() {
    Map<String, String> p =
        with(
            Map.of(
                "wsgate.tenants", "acme,globex",
                "wsgate.tenant.resolver", "host",
                "wsgate.tenant.acme.hosts", "acme.example.com",
                "wsgate.tenant.globex.hosts", "globex.example.com",
                "wsgate.tenant.globex.origins", "https://globex.example.com",
                "wsgate.tenant.globex.provider.fake.must-be-set", "yes",
                "wsgate.tenant.globex.provider.fake.label", "globex-fake"));

    try (Configuration c = loader.load(p)) {
      assertThat(c.tenants()).isEqualTo(2);
      Decision d = c.gate().evaluate(request("globex.example.com", "https://globex.example.com"));
      assertThat(d).isInstanceOf(Decision.Accepted.class);
      assertThat(((Decision.Accepted) d).token().providerId()).isEqualTo("globex-fake");
      assertThat(((Decision.Accepted) d).tenant()).isEqualTo("globex");
      Decision acme = c.gate().evaluate(request("acme.example.com:443", TestServer.ORIGIN));
      assertThat(((Decision.Accepted) acme).tenant()).isEqualTo("acme");
      Decision wrongOrigin =
          c.gate().evaluate(request("acme.example.com", "https://globex.example.com"));
      assertThat(wrongOrigin).isInstanceOf(Decision.Rejected.class);
    }
  }

  @Test
  void load_tenantsByPath_servesPrefixedPaths() {
    Map<String, String> p =
        with(
            Map.of(
                "wsgate.tenants", "acme,globex",
                "wsgate.tenant.resolver", "path",
                "wsgate.tenant.acme.path-prefix", "/acme",
                "wsgate.tenant.globex.path-prefix", "/globex"));

    try (Configuration c = loader.load(p)) {
      assertThat(c.server().paths()).containsExactlyInAnyOrder("/acme/ws", "/globex/ws");
    }
  }

  @Test
  void load_tenantsByIssuer_routesByTheTokensIssuer() {
    DevMode dev = DevMode.create(new java.security.SecureRandom());
    Map<String, String> p =
        with(
            Map.of(
                "wsgate.tenants", "acme,globex",
                "wsgate.tenant.resolver", "issuer",
                "wsgate.tenant.acme.issuers", "https://acme.idp.test",
                "wsgate.tenant.globex.issuers", "wsgate-dev",
                "wsgate.tenant.globex.provider", "hmac",
                "wsgate.tenant.globex.provider.hmac.secret",
                    dev.properties(0).get("wsgate.provider.hmac.secret")));
    String jwt = dev.mintToken(Instant.now());

    try (Configuration c = loader.load(p)) {
      Decision d = c.gate().evaluate(request("any.example.com", TestServer.ORIGIN, jwt));
      assertThat(d).isInstanceOf(Decision.Accepted.class);
      assertThat(((Decision.Accepted) d).tenant()).isEqualTo("globex");
      Decision fake = c.gate().evaluate(request("any.example.com", TestServer.ORIGIN));
      assertThat(((Decision.Rejected) fake).failure()).isEqualTo(Failure.WRONG_ISSUER);
    }
  }

  @Test
  void load_severalTenantsWithoutResolver_isAProblem() {
    ConfigurationException e = problems(Map.of("wsgate.tenants", "acme,globex"));

    assertThat(e.getMessage()).contains("wsgate.tenant.resolver is required");
  }

  private static HandshakeRequest request(String host, String origin) {
    return request(host, origin, FakeTokenVerifier.token("u", Instant.now().plusSeconds(600)));
  }

  private static HandshakeRequest request(String host, String origin, String token) {
    return HandshakeRequest.of(
        "/ws?token=" + token,
        Headers.builder().add("Host", host).add("Origin", origin).build(),
        "127.0.0.1");
  }
}
