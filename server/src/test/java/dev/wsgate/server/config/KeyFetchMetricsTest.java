package dev.wsgate.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.wsgate.adapter.javawebsocket.fixtures.Jwts;
import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.server.TestServer;
import dev.wsgate.server.admin.Prometheus;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Providers report their key fetches through {@code ProviderSettings.events()}; the server counts
 * them per tenant, provider, source (the key server's host and port) and outcome.
 */
final class KeyFetchMetricsTest {
  private static final ProviderRegistry REGISTRY =
      ProviderRegistry.load(KeyFetchMetricsTest.class.getClassLoader());

  private static Configuration jwksTenant(String jwksUri) {
    Map<String, String> p = TestServer.baseProperties();
    p.put("wsgate.provider", "jwks");
    p.remove("wsgate.provider.fake.must-be-set");
    p.put("wsgate.provider.jwks.jwks-uri", jwksUri);
    p.put("wsgate.provider.jwks.audience", "api");
    p.put("wsgate.provider.jwks.connect-timeout", "2s");
    p.put("wsgate.provider.jwks.read-timeout", "2s");
    return new ConfigLoader(REGISTRY, k -> null, Clock.systemUTC()).load(p);
  }

  /** Polls the scrape until {@code expected} appears (the fetch runs on the provider's thread). */
  private static String awaitScrape(Configuration c, String expected) {
    return await("a scrape containing " + expected)
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> Prometheus.scrape(c.metrics()).orElseThrow(), s -> s.contains(expected));
  }

  @Test
  void jwksProvider_fetchFromKeyServer_countedAsOkWithTheServersHostAsSource() throws Exception {
    HttpServer keys = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] body = Jwts.jwks(Jwts.rsa("k1").toPublicJWK()).getBytes(StandardCharsets.UTF_8);
    keys.createContext(
        "/jwks.json",
        ex -> {
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    keys.start();
    int port = keys.getAddress().getPort();
    try (Configuration c = jwksTenant("http://127.0.0.1:" + port + "/jwks.json?tenant=x")) {
      String expected =
          "wsgate_key_fetches_total{outcome=\"ok\",provider=\"jwks\",source=\"127.0.0.1:"
              + port
              + "\",tenant=\"default\"}";
      assertThat(awaitScrape(c, expected)).contains(expected).doesNotContain("jwks.json");
    } finally {
      keys.stop(0);
    }
  }

  @Test
  void jwksProvider_keyServerDown_countedAsFailed() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    try (Configuration c = jwksTenant("http://127.0.0.1:" + port + "/jwks.json")) {
      String expected =
          "wsgate_key_fetches_total{outcome=\"failed\",provider=\"jwks\",source=\"127.0.0.1:"
              + port
              + "\",tenant=\"default\"}";
      assertThat(awaitScrape(c, expected)).contains(expected);
    }
  }
}
