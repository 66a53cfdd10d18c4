package dev.wsgate.adapter.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.session.SessionPolicy;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerifiedToken;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
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
        .tenant(GatedJetty.queryTenant(JUST_EXPIRED, List.of("app.v1")))
        .clock(Clock.fixed(GatedJetty.NOW, ZoneOffset.UTC))
        .build();
  }

  @Test
  void openSession_tokenExpired_isClosedWith4002() throws Exception {
    GatedJetty jetty = GatedJetty.start(gate(), EchoEndpoint.class, new HttpConfiguration());
    try {
      JdkClient zoe = JdkClient.connect(jetty.port(), "/ws", "t");

      assertThat(zoe.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(4002);
      assertThat(zoe.closeReason).isEqualTo("token expired");
    } finally {
      jetty.stop();
    }
  }

  @Test
  void openSession_tokenExpiredButPolicyKeeps_staysOpen() throws Exception {
    GatedJetty jetty =
        GatedJetty.start(gate(), EchoEndpoint.class, new HttpConfiguration(), KEEP_OPEN);
    try {
      JdkClient zoe = JdkClient.connect(jetty.port(), "/ws", "t");

      assertThat(zoe.ask("whoami")).startsWith("zoe@default/test");
      assertThat(zoe.closeCode).isNotDone();
      zoe.ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(20, TimeUnit.SECONDS);
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
      JdkClient closing = JdkClient.connect(connector.getLocalPort(), "/ws", "t");
      JdkClient keeping = JdkClient.connect(connector.getLocalPort(), "/keep", "t");

      assertThat(closing.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(4002);
      assertThat(keeping.ask("whoami")).startsWith("zoe@default/test");
      assertThat(keeping.closeCode).isNotDone();
      keeping.ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(20, TimeUnit.SECONDS);
    } finally {
      server.stop();
    }
  }
}
