package dev.wsgate.server;

import dev.wsgate.adapter.javawebsocket.ConnectionHandler;
import dev.wsgate.adapter.javawebsocket.WsgateServer;
import dev.wsgate.gate.OriginPolicy;
import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.TokenExtractors;
import dev.wsgate.server.config.ConfigLoader;
import dev.wsgate.server.config.Configuration;
import dev.wsgate.spi.RevocationCheck;
import dev.wsgate.spi.TokenVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-process server on a free port, configured like a properties file with the fake provider.
 */
public final class TestServer implements AutoCloseable {
  public static final String ORIGIN = "https://app.example.com";

  public final Configuration configuration;
  public final WsgateServer server;
  public final int port;

  private TestServer(Configuration configuration, WsgateServer server) {
    this.configuration = configuration;
    this.server = server;
    this.port = server.getPort();
  }

  /**
   * A tenant {@code id} with {@code verifier}, {@link #ORIGIN} as its only origin and the token in
   * the query's {@code token}; default limits.
   */
  public static TenantPolicy queryTenant(String id, TokenVerifier verifier) {
    return new TenantPolicy(
        id,
        OriginPolicy.of(List.of(ORIGIN), false),
        List.of(TokenExtractors.query("token")),
        verifier,
        List.of(),
        TenantPolicy.DEFAULT_MAX_TOKEN_BYTES,
        Duration.ofSeconds(30));
  }

  public static Map<String, String> baseProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("wsgate.listen.host", "127.0.0.1");
    p.put("wsgate.listen.port", "0");
    p.put("wsgate.origins", ORIGIN);
    p.put("wsgate.extractors", "query,cookie,subprotocol,header");
    p.put("wsgate.subprotocols", "app.v1");
    p.put("wsgate.provider", "fake");
    p.put("wsgate.provider.fake.must-be-set", "yes");
    p.put("wsgate.rate-limit.enabled", "false"); // RateLimitTest turns it on
    return p;
  }

  public static TestServer start() {
    return start(Map.of());
  }

  public static TestServer start(Map<String, String> overrides) {
    return start(overrides, ConnectionHandler.echo(), Clock.systemUTC());
  }

  public static TestServer start(
      Map<String, String> overrides, ConnectionHandler handler, Clock clock) {
    return start(overrides, handler, clock, List.of());
  }

  public static TestServer start(
      Map<String, String> overrides,
      ConnectionHandler handler,
      Clock clock,
      List<RevocationCheck> checks) {
    Map<String, String> p = baseProperties();
    overrides.forEach(
        (k, v) -> {
          if (v == null) {
            p.remove(k);
          } else {
            p.put(k, v);
          }
        });
    Configuration c =
        new ConfigLoader(
                ProviderRegistry.load(TestServer.class.getClassLoader()), n -> null, clock, checks)
            .load(p);
    WsgateServer server = new WsgateServer(c.server(), c.gate(), handler, clock, c.metrics());
    try {
      server.startAndAwait();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new TestServer(c, server);
  }

  public URI uri(String pathAndQuery) {
    return URI.create("ws://127.0.0.1:" + port + pathAndQuery);
  }

  @Override
  public void close() {
    server.shutdown(Duration.ofSeconds(2));
    configuration.close();
  }
}
