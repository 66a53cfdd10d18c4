package dev.wsgate.server;

import dev.wsgate.adapter.javawebsocket.ConnectionHandler;
import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.server.admin.SubjectDisconnects;
import dev.wsgate.server.config.ConfigLoader;
import dev.wsgate.server.config.Configuration;
import dev.wsgate.server.config.TransportKind;
import dev.wsgate.server.transport.JavaWebSocketTransport;
import dev.wsgate.server.transport.Transport;
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
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * An in-process server on a free port, configured like a properties file with the fake provider, on
 * the transport {@code wsgate.transport} names (Java-WebSocket by default).
 */
public final class TestServer implements AutoCloseable {
  public static final String ORIGIN = "https://app.example.com";

  public final Configuration configuration;
  public final Transport server;
  public final int port;

  private TestServer(Configuration configuration, Transport server) {
    this.configuration = configuration;
    this.server = server;
    this.port = server.port();
  }

  /** Every value of {@code wsgate.transport}: the source of the tests that run on both. */
  public static Stream<String> transports() {
    return Stream.of(TransportKind.values()).map(TransportKind::value);
  }

  /** {@code properties} with {@code wsgate.transport=transport}. */
  public static Map<String, String> on(String transport, Map<String, String> properties) {
    Map<String, String> p = new HashMap<>(properties);
    p.put(TransportKind.KEY, transport);
    return p;
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

  /** A server of the configured transport with the echo application. */
  public static TestServer start(Map<String, String> overrides) {
    return start(overrides, null, Clock.systemUTC());
  }

  /**
   * A server with {@code handler} on Java-WebSocket (the handler's library), or with the echo
   * application on the configured transport when {@code handler} is null.
   */
  public static TestServer start(
      Map<String, String> overrides, @Nullable ConnectionHandler handler, Clock clock) {
    return start(overrides, handler, clock, List.of());
  }

  public static TestServer start(
      Map<String, String> overrides,
      @Nullable ConnectionHandler handler,
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
    Transport server;
    try {
      server =
          handler == null
              ? Transport.start(c, clock, c.connectionLeases())
              : JavaWebSocketTransport.start(c, handler, clock, c.connectionLeases());
    } catch (IOException e) {
      c.close();
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
