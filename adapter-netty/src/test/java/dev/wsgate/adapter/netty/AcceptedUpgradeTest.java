package dev.wsgate.adapter.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Accepted upgrades on a real Netty server, with real clients. */
final class AcceptedUpgradeTest {
  private static NettyServer server;

  @BeforeAll
  static void start() {
    server =
        NettyServer.start(
            NettyServer.gate(new FakeTokenVerifier(), 512, Clock.systemUTC()),
            NettyGateConfig.defaults("/ws"),
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String token(String subject) {
    return FakeTokenVerifier.token(subject, Instant.now().plusSeconds(600));
  }

  @Test
  void upgrade_validTokenInQuery_101ThenEchoAndTheIdentityAttribute() throws Exception {
    Clients.Recording c =
        new Clients.Recording(
            server.uri("/ws?token=" + token("ann")), Map.of("Origin", NettyServer.ORIGIN));
    assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).isTrue();

    c.send("hello");
    c.send("whoami");

    assertThat(c.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("hello");
    assertThat(c.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("ann");
    c.closeBlocking();
  }

  @Test
  void upgrade_javaNetHttpClientWithBearerHeader_101ThenEcho() throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    WebSocket ws =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("Origin", NettyServer.ORIGIN)
            .header("Authorization", "Bearer " + token("bob"))
            .buildAsync(
                server.uri("/ws"),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                    received.add(data.toString());
                    w.request(1);
                    return null;
                  }
                })
            .get(10, TimeUnit.SECONDS);

    ws.sendText("whoami", true).get(10, TimeUnit.SECONDS);
    ws.sendText("echo me", true).get(10, TimeUnit.SECONDS);

    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("bob");
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("echo me");
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
  }

  @Test
  void upgrade_tokenInSubprotocol_echoesOnlyTheApplicationProtocol() throws Exception {
    String bearer = "bearer." + token("cid");
    RawHttp.Response raw =
        RawHttp.to("/ws")
            .header("Origin", NettyServer.ORIGIN)
            .header("Sec-WebSocket-Protocol", bearer + ", app.v1")
            .send(server.port);

    assertThat(raw.status()).isEqualTo(101);
    assertThat(raw.headers().get("sec-websocket-protocol")).containsExactly("app.v1");
    assertThat(raw.toString()).doesNotContain(bearer);

    Clients.Recording c =
        new Clients.Recording(
            server.uri("/ws"),
            Map.of("Origin", NettyServer.ORIGIN, "Sec-WebSocket-Protocol", "app.v1, " + bearer));
    assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
    assertThat(c.handshake.getFieldValue("Sec-WebSocket-Protocol")).isEqualTo("app.v1");
    c.send("whoami");
    assertThat(c.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("cid");
    c.closeBlocking();
  }
}
