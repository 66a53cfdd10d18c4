package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.adapter.javawebsocket.ConnectionHandler;
import dev.wsgate.adapter.javawebsocket.Session;
import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two wsgate instances behind nginx (the Debian package, run as the current user with a generated
 * configuration): Origin, token and subprotocol pass through, the client address comes from the
 * trusted proxy's X-Forwarded-For, and a client still connects when one instance is stopped. The
 * instances share nothing: each verifies every token on its own. The same through nginx on the
 * Netty transport, whose echo application does not report the instance: each instance's count of
 * open connections shows the round robin.
 */
final class NginxScaleOutTest {
  private static final Map<String, String> BEHIND_NGINX =
      Map.of("wsgate.trusted-proxies", Nginx.UPSTREAM_SOURCE);

  /** Tells the client which instance it reached and the client address that instance saw. */
  private static ConnectionHandler reporting(String instance) {
    return new ConnectionHandler() {
      @Override
      public void onOpen(Session s) {
        s.send(instance + " " + s.remoteAddress() + " " + s.token().subject());
      }

      @Override
      public void onText(Session s, String text) {
        s.send(instance + " echo " + text);
      }
    };
  }

  private static Clients.Recording connect(int port, String subject, Map<String, String> headers)
      throws Exception {
    String token = FakeTokenVerifier.token(subject, Instant.now().plusSeconds(600));
    Clients.Recording c =
        new Clients.Recording(URI.create("ws://127.0.0.1:" + port + "/ws?token=" + token), headers);
    assertThat(c.connectBlocking(15, TimeUnit.SECONDS)).as("connected through nginx").isTrue();
    return c;
  }

  @Test
  void twoInstancesBehindNginx_passOriginTokenAndClientAddress_andSurviveOneStopping(
      @TempDir Path dir) throws Exception {
    Nginx.binary();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    TestServer a = TestServer.start(BEHIND_NGINX, reporting("A"), Clock.systemUTC());
    TestServer b = TestServer.start(BEHIND_NGINX, reporting("B"), Clock.systemUTC());
    try (Nginx nginx = Nginx.start(dir, List.of(a.port, b.port))) {
      // round robin: both instances serve, each seeing the client, not nginx
      Set<String> reached = new HashSet<>();
      for (int i = 0; i < 4; i++) {
        Clients.Recording c =
            connect(
                nginx.port,
                "alice",
                Map.of("Origin", TestServer.ORIGIN, "X-Forwarded-For", "203.0.113.66"));
        String hello = c.messages.poll(10, TimeUnit.SECONDS);
        assertThat(hello).matches("[AB] 127\\.0\\.0\\.1 alice");
        reached.add(hello.substring(0, 1));
        c.send("ping");
        assertThat(c.messages.poll(10, TimeUnit.SECONDS)).endsWith(" echo ping");
        c.closeBlocking();
      }
      assertThat(reached).containsExactlyInAnyOrder("A", "B");

      assertOriginTokenAndSubprotocolPassThrough(nginx.port);

      // one instance stops: every new client still gets in, on the other one
      a.close();
      for (int i = 0; i < 3; i++) {
        Clients.Recording c = connect(nginx.port, "bob", Map.of("Origin", TestServer.ORIGIN));
        assertThat(c.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("B 127.0.0.1 bob");
        c.closeBlocking();
      }
    } finally {
      a.close();
      b.close();
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log)
        .contains("remote=" + Nginx.UPSTREAM_SOURCE)
        .contains(" client=127.0.0.1 ")
        .containsPattern(
            "handshake rejected status=403 failure=ORIGIN_NOT_ALLOWED remote=127\\.0\\.0\\.3:\\d+"
                + " client=127\\.0\\.0\\.1 target=/ws\\?token=\\[REDACTED\\] origin=https://evil\\.example\\.net"
                + " tenant=default token=- latency_ms=\\d+")
        .doesNotContain("client=203.0.113.66");
  }

  @Test
  void twoNettyInstancesBehindNginx_passOriginTokenAndSubprotocol_andSurviveOneStopping(
      @TempDir Path dir) throws Exception {
    Nginx.binary();
    Map<String, String> netty = TestServer.on("netty", BEHIND_NGINX);
    TestServer a = TestServer.start(netty);
    TestServer b = TestServer.start(netty);
    try (Nginx nginx = Nginx.start(dir, List.of(a.port, b.port))) {
      // round robin: both instances serve (the echo application: each counts its connections)
      List<Clients.Recording> open = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Clients.Recording c =
            connect(
                nginx.port,
                "alice",
                Map.of("Origin", TestServer.ORIGIN, "X-Forwarded-For", "203.0.113.66"));
        c.send("ping " + i);
        assertThat(c.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("ping " + i);
        open.add(c);
      }
      assertThat(a.server.openConnections()).isPositive();
      assertThat(b.server.openConnections()).isPositive();
      assertThat(a.server.openConnections() + b.server.openConnections()).isEqualTo(4);
      for (Clients.Recording c : open) {
        c.closeBlocking();
      }

      assertOriginTokenAndSubprotocolPassThrough(nginx.port);

      // one instance stops: every new client still gets in, on the other one
      a.close();
      for (int i = 0; i < 3; i++) {
        Clients.Recording c = connect(nginx.port, "bob", Map.of("Origin", TestServer.ORIGIN));
        c.send("after");
        assertThat(c.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("after");
        c.closeBlocking();
      }
    } finally {
      a.close();
      b.close();
    }
  }

  /**
   * Through nginx: a foreign page is refused by wsgate (403), an upgrade without a token gets 401,
   * and a subprotocol-carried token opens with only the application protocol selected.
   */
  private static void assertOriginTokenAndSubprotocolPassThrough(int port) throws Exception {
    String token = FakeTokenVerifier.token("alice", Instant.now().plusSeconds(600));
    RawHttp.Response foreign =
        RawHttp.exchangeKeepingOpen(
            port, RawHttp.upgrade("/ws?token=" + token, "Origin: https://evil.example.net"));
    assertThat(foreign.status()).isEqualTo(403);
    RawHttp.Response noToken =
        RawHttp.exchangeKeepingOpen(port, RawHttp.upgrade("/ws", "Origin: " + TestServer.ORIGIN));
    assertThat(noToken.status()).isEqualTo(401);
    RawHttp.Response subprotocol =
        RawHttp.exchangeKeepingOpen(
            port,
            RawHttp.upgrade(
                "/ws",
                "Origin: " + TestServer.ORIGIN,
                "Sec-WebSocket-Protocol: app.v1, bearer." + token));
    assertThat(subprotocol.status()).isEqualTo(101);
    assertThat(subprotocol.header("sec-websocket-protocol")).isEqualTo("app.v1");
  }
}
