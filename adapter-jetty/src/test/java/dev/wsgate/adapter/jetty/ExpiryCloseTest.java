package dev.wsgate.adapter.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.OriginPolicy;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.TokenExtractors;
import dev.wsgate.session.SessionPolicy;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerifiedToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * A token that expired ten seconds ago is still inside the gate's 30 s clock skew, so the handshake
 * succeeds; its close is due at once, which makes the expiry close observable without waiting on
 * the wall clock.
 */
final class ExpiryCloseTest {
  /** Accepts any token as subject {@code zoe}, expired ten seconds before the gate's now. */
  private static final TokenVerifier JUST_EXPIRED =
      (token, context) ->
          VerifiedToken.builder("test", "zoe").expiresAt(GatedJetty.NOW.minusSeconds(10)).build();

  /** Expiry does not close; the end of life is a day away. */
  private static final SessionPolicy KEEP_OPEN =
      new SessionPolicy(
          false,
          SessionPolicy.DEFAULT_EXPIRY_JITTER,
          SessionPolicy.DEFAULT_MAX_LIFETIME,
          false,
          SessionPolicy.DEFAULT_REVOCATION_INTERVAL);

  private static HandshakeGate gate() {
    return HandshakeGate.builder()
        .tenant(
            new TenantPolicy(
                "default",
                OriginPolicy.of(List.of(GatedJetty.ORIGIN), false),
                List.of(TokenExtractors.query("token")),
                JUST_EXPIRED,
                List.of("app.v1"),
                TenantPolicy.DEFAULT_MAX_TOKEN_BYTES,
                Duration.ofSeconds(30)))
        .clock(Clock.fixed(GatedJetty.NOW, ZoneOffset.UTC))
        .build();
  }

  @Test
  void openSession_tokenExpired_isClosedWith4002() throws Exception {
    GatedJetty jetty = GatedJetty.start(gate(), EchoEndpoint.class, new HttpConfiguration());
    try {
      Closes closes = new Closes();
      connect(jetty, closes);

      assertThat(closes.code.get(20, TimeUnit.SECONDS)).isEqualTo(4002);
      assertThat(closes.reason).isEqualTo("token expired");
    } finally {
      jetty.stop();
    }
  }

  @Test
  void openSession_tokenExpiredButPolicyKeeps_staysOpen() throws Exception {
    GatedJetty jetty =
        GatedJetty.start(gate(), EchoEndpoint.class, new HttpConfiguration(), KEEP_OPEN);
    try {
      Closes closes = new Closes();
      WebSocket ws = connect(jetty, closes);
      ws.sendText("whoami", true).get(20, TimeUnit.SECONDS);

      assertThat(closes.text.get(20, TimeUnit.SECONDS)).startsWith("zoe@default/test");
      assertThat(closes.code).isNotDone();
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(20, TimeUnit.SECONDS);
    } finally {
      jetty.stop();
    }
  }

  @Test
  void twoInstallations_eachAppliesItsOwnPolicy() throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    WsgateJetty.install(context, gate(), EchoEndpoint.class, "/ws");
    WsgateJetty.install(context, gate(), EchoEndpoint.class, "/keep", KEEP_OPEN);
    server.setHandler(context);
    server.start();
    try {
      Closes closing = new Closes();
      Closes keeping = new Closes();
      connect(connector.getLocalPort(), "/ws", closing);
      WebSocket kept = connect(connector.getLocalPort(), "/keep", keeping);

      assertThat(closing.code.get(20, TimeUnit.SECONDS)).isEqualTo(4002);
      kept.sendText("whoami", true).get(20, TimeUnit.SECONDS);
      assertThat(keeping.text.get(20, TimeUnit.SECONDS)).startsWith("zoe@default/test");
      assertThat(keeping.code).isNotDone();
      kept.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(20, TimeUnit.SECONDS);
    } finally {
      server.stop();
    }
  }

  private static WebSocket connect(GatedJetty jetty, Closes closes) throws Exception {
    return connect(jetty.port(), "/ws", closes);
  }

  private static WebSocket connect(int port, String path, Closes closes) throws Exception {
    return HttpClient.newHttpClient()
        .newWebSocketBuilder()
        .header("Origin", GatedJetty.ORIGIN)
        .buildAsync(URI.create("ws://127.0.0.1:" + port + path + "?token=t"), closes)
        .get(20, TimeUnit.SECONDS);
  }

  /** Records the first text message and the close. */
  private static final class Closes implements WebSocket.Listener {
    final CompletableFuture<String> text = new CompletableFuture<>();
    final CompletableFuture<Integer> code = new CompletableFuture<>();
    volatile String reason;

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.complete(data.toString());
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String why) {
      reason = why;
      code.complete(statusCode);
      return null;
    }
  }
}
