package dev.wsgate.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.adapter.javawebsocket.ConnectionHandler;
import dev.wsgate.adapter.javawebsocket.WsgateServer;
import dev.wsgate.adapter.javawebsocket.fixtures.Jwts;
import dev.wsgate.gate.CachingTokenVerifier;
import dev.wsgate.gate.DenyList;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.server.CountingVerifierProvider;
import dev.wsgate.server.TestServer;
import dev.wsgate.server.admin.Prometheus;
import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.MutableClock;
import dev.wsgate.testkit.RawHttp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The server puts a verified-token cache in front of each tenant's verifier. */
final class VerifiedTokenCacheTest {
  private static final Instant START = Instant.parse("2026-11-29T10:00:00Z");

  private static Map<String, String> counting(String label, String... more) {
    Map<String, String> p = new HashMap<>();
    p.put("wsgate.provider", "counting");
    p.put("wsgate.provider.fake.must-be-set", null);
    p.put("wsgate.provider.counting.label", label);
    for (int i = 0; i < more.length; i += 2) {
      p.put(more[i], more[i + 1]);
    }
    return p;
  }

  private static int status(int port, String token) throws Exception {
    return RawHttp.exchange(
            port, RawHttp.upgrade("/ws?token=" + token, "Origin: " + TestServer.ORIGIN))
        .status();
  }

  @Test
  void repeatedToken_default_verifiedOnceByTheProvider() throws Exception {
    String label = UUID.randomUUID().toString();
    MutableClock clock = new MutableClock(START);
    try (TestServer server = TestServer.start(counting(label), ConnectionHandler.echo(), clock)) {
      String token = FakeTokenVerifier.token("alice", START.plusSeconds(3600));
      for (int i = 0; i < 3; i++) {
        assertThat(status(server.port, token)).isEqualTo(101);
      }
      assertThat(CountingVerifierProvider.calls(label)).isEqualTo(1);
    }
  }

  @Test
  void repeatedToken_maxEntriesZero_verifiedEveryTime() throws Exception {
    String label = UUID.randomUUID().toString();
    try (TestServer server =
        TestServer.start(
            counting(label, "wsgate.cache.max-entries", "0"),
            ConnectionHandler.echo(),
            new MutableClock(START))) {
      String token = FakeTokenVerifier.token("alice", START.plusSeconds(3600));
      for (int i = 0; i < 3; i++) {
        assertThat(status(server.port, token)).isEqualTo(101);
      }
      assertThat(CountingVerifierProvider.calls(label)).isEqualTo(3);
    }
  }

  @Test
  void cachedToken_pastExpiryPlusSkew_refusedWith401() throws Exception {
    String label = UUID.randomUUID().toString();
    MutableClock clock = new MutableClock(START);
    try (TestServer server = TestServer.start(counting(label), ConnectionHandler.echo(), clock)) {
      String token = FakeTokenVerifier.token("alice", START.plusSeconds(60));
      assertThat(status(server.port, token)).isEqualTo(101);
      assertThat(status(server.port, token)).isEqualTo(101);
      assertThat(CountingVerifierProvider.calls(label)).isEqualTo(1);

      clock.advance(Duration.ofSeconds(60 + 30)); // exp + the default 30 s clock skew
      assertThat(status(server.port, token)).isEqualTo(401);
      assertThat(CountingVerifierProvider.calls(label)).isEqualTo(2);
    }
  }

  @Test
  void cachedToken_pastMaxAge_verifiedAgain() throws Exception {
    String label = UUID.randomUUID().toString();
    MutableClock clock = new MutableClock(START);
    try (TestServer server =
        TestServer.start(
            counting(label, "wsgate.cache.max-age", "1m"), ConnectionHandler.echo(), clock)) {
      String token = FakeTokenVerifier.token("alice", START.plusSeconds(3600));
      assertThat(status(server.port, token)).isEqualTo(101);
      clock.advance(Duration.ofSeconds(61));
      assertThat(status(server.port, token)).isEqualTo(101);
      assertThat(CountingVerifierProvider.calls(label)).isEqualTo(2);
    }
  }

  @Test
  void cachedToken_subjectRevokedAfterwards_refusedWith401() throws Exception {
    String label = UUID.randomUUID().toString();
    MutableClock clock = new MutableClock(START);
    Map<String, String> p = TestServer.baseProperties();
    p.putAll(counting(label));
    p.remove("wsgate.provider.fake.must-be-set");
    DenyList denied = new DenyList();
    try (Configuration c =
        new ConfigLoader(ProviderRegistry.load(getClass().getClassLoader()), n -> null, clock)
            .load(p)) {
      HandshakeGate.Builder gate = HandshakeGate.builder().clock(clock).revocationCheck(denied);
      c.gate().tenants().values().forEach(gate::tenant);
      WsgateServer server =
          new WsgateServer(c.server(), gate.build(), ConnectionHandler.echo(), clock);
      server.startAndAwait();
      try {
        String token = FakeTokenVerifier.token("mallory", START.plusSeconds(3600));
        assertThat(status(server.getPort(), token)).isEqualTo(101);
        denied.denySubject("default", "mallory", START.plusSeconds(7200));
        assertThat(status(server.getPort(), token)).isEqualTo(401);
        assertThat(CountingVerifierProvider.calls(label)).isEqualTo(1);
      } finally {
        server.shutdown(Duration.ofSeconds(2));
      }
    }
  }

  @Test
  void cacheKeys_badValues_reportedWithTheirKeys() {
    Map<String, String> p = TestServer.baseProperties();
    p.put("wsgate.cache.max-entries", "-1");
    p.put("wsgate.cache.max-age", "0s");
    ConfigLoader loader =
        new ConfigLoader(
            ProviderRegistry.load(getClass().getClassLoader()), n -> null, Clock.systemUTC());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> loader.load(p))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("wsgate.cache.max-entries")
        .hasMessageContaining("wsgate.cache.max-age");
  }

  @Test
  void hmacTenant_cacheOffByDefault_onWhenConfigured() throws Exception {
    String secret = "hmac-secret-of-at-least-thirty-two-bytes";
    String token =
        Jwts.hs256(
            secret, Jwts.claims("ann", null, null, Instant.now(), Duration.ofHours(1)).build());
    for (String entries : new String[] {null, "100"}) {
      Map<String, String> p = new HashMap<>();
      p.put("wsgate.provider", "hmac");
      p.put("wsgate.provider.fake.must-be-set", null);
      p.put("wsgate.provider.hmac.secret", secret);
      p.put("wsgate.cache.max-entries", entries);
      try (TestServer server = TestServer.start(p)) {
        for (int i = 0; i < 3; i++) {
          assertThat(status(server.port, token)).isEqualTo(101);
        }
        boolean cached = entries != null;
        assertThat(server.configuration.gate().tenants().get("default").verifier())
            .matches(v -> (v instanceof CachingTokenVerifier) == cached, "cached: " + cached);
        assertThat(Prometheus.scrape(server.configuration.metrics()).orElseThrow().lines())
            .as("verifications by the provider")
            .contains(
                "wsgate_verification_seconds_count{outcome=\"verified\",provider=\"hmac\","
                    + "tenant=\"default\"} "
                    + (cached ? "1" : "3"));
      }
    }
  }
}
