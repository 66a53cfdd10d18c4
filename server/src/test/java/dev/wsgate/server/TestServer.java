package dev.wsgate.server;

import dev.wsgate.adapter.javawebsocket.ConnectionHandler;
import dev.wsgate.adapter.javawebsocket.WsgateServer;
import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.server.admin.SubjectDisconnects;
import dev.wsgate.server.config.ConfigLoader;
import dev.wsgate.server.config.Configuration;
import dev.wsgate.spi.RevocationCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
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

  /** Overrides for {@link #start(Map)} that drop its fake provider. */
  public static Map<String, String> withoutFakeProvider(Map<String, String> properties) {
    Map<String, String> p = new HashMap<>();
    p.put("wsgate.provider", null);
    p.put("wsgate.provider.fake.must-be-set", null);
    // a loaded CI machine must not turn a slow first key fetch into a 503
    p.put("wsgate.handshake.verify-timeout", "30s");
    p.putAll(properties);
    return p;
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
    WsgateServer server =
        new WsgateServer(c.server(), c.gate(), handler, clock, c.metrics(), c.connectionLeases());
    try {
      server.startAndAwait();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    c.cluster().start(new SubjectDisconnects(server));
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
