package dev.wsgate.adapter.jetty;

import dev.wsgate.gate.FailureRateLimiter;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.OriginPolicy;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.TokenExtractors;
import dev.wsgate.session.SessionPolicy;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** An embedded Jetty on a free loopback port serving {@link EchoEndpoint} at /ws behind a gate. */
final class GatedJetty {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final String ORIGIN = "https://app.example.com";
  static final int MAX_TOKEN_BYTES = 256;

  private final Server server;
  private final ServerConnector connector;

  private GatedJetty(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /** Query, cookie and subprotocol extractors; origin allowlist {@link #ORIGIN}; app.v1. */
  static HandshakeGate gate() {
    return gate(MAX_TOKEN_BYTES);
  }

  static HandshakeGate gate(int maxTokenBytes) {
    return gate(maxTokenBytes, null);
  }

  /** With {@code limiter} null, no failure limit. */
  static HandshakeGate gate(int maxTokenBytes, FailureRateLimiter limiter) {
    TenantPolicy tenant =
        new TenantPolicy(
            "default",
            OriginPolicy.of(List.of(ORIGIN), false),
            List.of(
                TokenExtractors.query("token"),
                TokenExtractors.cookie("wsgate_token"),
                TokenExtractors.subprotocol("bearer.")),
            new FakeTokenVerifier(),
            List.of("app.v1"),
            maxTokenBytes,
            Duration.ofSeconds(30));
    HandshakeGate.Builder builder =
        HandshakeGate.builder().tenant(tenant).clock(Clock.fixed(NOW, ZoneOffset.UTC));
    if (limiter != null) {
      builder.failureLimiter(limiter);
    }
    return builder.build();
  }

  /** Tenant {@code default}: the query extractor, origin {@link #ORIGIN}, {@code verifier}. */
  static TenantPolicy queryTenant(TokenVerifier verifier, List<String> appProtocols) {
    return new TenantPolicy(
        "default",
        OriginPolicy.of(List.of(ORIGIN), false),
        List.of(TokenExtractors.query("token")),
        verifier,
        appProtocols,
        TenantPolicy.DEFAULT_MAX_TOKEN_BYTES,
        Duration.ofSeconds(30));
  }

  static GatedJetty start() throws Exception {
    return start(gate(), EchoEndpoint.class, new HttpConfiguration());
  }

  static GatedJetty start(HandshakeGate gate, Class<?> endpoint, HttpConfiguration http)
      throws Exception {
    return start(gate, endpoint, http, SessionPolicy.defaults());
  }

  static GatedJetty start(
      HandshakeGate gate, Class<?> endpoint, HttpConfiguration http, SessionPolicy sessions)
      throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    WsgateJetty.install(context, gate, endpoint, "/ws", sessions);
    server.setHandler(context);
    server.start();
    return new GatedJetty(server, connector);
  }

  /**
   * A token the fake verifier accepts for {@code subject}, valid for an hour after {@link #NOW}.
   */
  /** A hand-written upgrade of {@code target} from the allowed {@link #ORIGIN}. */
  static RawHttp upgrade(String target) {
    return RawHttp.to(target).header("Origin", ORIGIN);
  }

  static String token(String subject) {
    return FakeTokenVerifier.token(subject, NOW.plus(Duration.ofHours(1)));
  }

  int port() {
    return connector.getLocalPort();
  }

  void stop() throws Exception {
    server.stop();
  }
}
