package dev.wsgate.adapter.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.spi.VerifiedToken;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Accepted upgrades over real sockets, with both client libraries and every token location. */
final class AcceptedConnectionTest {
  private static final BlockingQueue<Session> OPENED = new LinkedBlockingQueue<>();
  private static EmbeddedServer server;

  @BeforeAll
  static void start() {
    ConnectionHandler recordingEcho =
        new ConnectionHandler() {
          @Override
          public void onOpen(Session session) {
            OPENED.add(session);
          }

          @Override
          public void onText(Session session, String text) {
            session.send(session.token().subject() + ":" + text);
          }
        };
    server = EmbeddedServer.builder().handler(recordingEcho).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String token(String subject) {
    return FakeTokenVerifier.token(subject, Instant.now().plusSeconds(3600));
  }

  private static Clients.Recording connect(String query, Map<String, String> headers)
      throws Exception {
    Clients.Recording c = new Clients.Recording(server.uri("/ws" + query), headers);
    assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).as("connected").isTrue();
    return c;
  }

  @Test
  void javaWebSocketClient_tokenInQuery_opensAndEchoesWithIdentity() throws Exception {
    OPENED.clear();
    Clients.Recording c =
        connect("?token=" + token("alice"), Map.of("Origin", EmbeddedServer.ORIGIN));

    c.send("hi");

    assertThat(c.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("alice:hi");
    Session s = OPENED.poll(10, TimeUnit.SECONDS);
    assertThat(s).isNotNull();
    VerifiedToken t = s.token();
    assertThat(t.subject()).isEqualTo("alice");
    assertThat(t.tenant()).isEqualTo("default");
    assertThat(s.tenant()).isEqualTo("default");
    c.closeBlocking();
  }

  @Test
  void javaWebSocketClient_tokenInCookie_opens() throws Exception {
    Clients.Recording c =
        connect(
            "",
            Map.of(
                "Origin",
                EmbeddedServer.ORIGIN,
                "Cookie",
                "other=1; wsgate_token=" + token("bob")));

    c.send("x");

    assertThat(c.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("bob:x");
    c.closeBlocking();
  }

  @Test
  void javaWebSocketClient_tokenInSubprotocol_echoesOnlyApplicationProtocol() throws Exception {
    Clients.Recording c =
        connect(
            "",
            Map.of(
                "Origin",
                EmbeddedServer.ORIGIN,
                "Sec-WebSocket-Protocol",
                "app.v1, bearer." + token("carol")));

    c.send("y");

    assertThat(c.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("carol:y");
    assertThat(c.handshake.getFieldValue("Sec-WebSocket-Protocol")).isEqualTo("app.v1");
    c.closeBlocking();
  }

  @Test
  void javaWebSocketClient_tokenInAuthorizationHeader_opens() throws Exception {
    Clients.Recording c =
        connect(
            "",
            Map.of("Origin", EmbeddedServer.ORIGIN, "Authorization", "Bearer " + token("dave")));

    c.send("z");

    assertThat(c.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("dave:z");
    c.closeBlocking();
  }

  @Test
  void javaNetHttpClient_subprotocolToken_selectsAppProtocolAndEchoes() throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    WebSocket.Listener listener =
        new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            received.add(data.toString());
            ws.request(1);
            return null;
          }
        };
    HttpClient http = HttpClient.newHttpClient();
    WebSocket ws =
        http.newWebSocketBuilder()
            .header("Origin", EmbeddedServer.ORIGIN)
            .subprotocols("app.v1", "bearer." + token("erin"))
            .buildAsync(server.uri("/ws"), listener)
            .get(10, TimeUnit.SECONDS);

    ws.sendText("hello", true).get(10, TimeUnit.SECONDS);

    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("erin:hello");
    assertThat(ws.getSubprotocol()).isEqualTo("app.v1");
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
  }

  @Test
  void javaNetHttpClient_cookieAndHeaderToken_opens() throws Exception {
    CompletableFuture<String> first = new CompletableFuture<>();
    WebSocket.Listener listener =
        new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            first.complete(data.toString());
            return null;
          }
        };
    String t = token("frank");
    WebSocket ws =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("Origin", EmbeddedServer.ORIGIN)
            .header("Cookie", "wsgate_token=" + t)
            .header("Authorization", "Bearer " + t)
            .buildAsync(server.uri("/ws"), listener)
            .get(10, TimeUnit.SECONDS);

    ws.sendText("q", true);

    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("frank:q");
    ws.abort();
  }

  @Test
  void javaNetHttpClient_invalidToken_failsWith401() {
    CompletableFuture<WebSocket> attempt =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("Origin", EmbeddedServer.ORIGIN)
            .buildAsync(
                server.uri("/ws?token=fail.INVALID_SIGNATURE"), new WebSocket.Listener() {});

    Throwable failure = catchThrowable(() -> attempt.get(10, TimeUnit.SECONDS));

    assertThat(failure).rootCause().hasMessageContaining("401");
  }

  @Test
  void accepted_responseNeverEchoesTokenEntry() throws Exception {
    RawHttp.Response r =
        RawHttp.exchange(
            server.port,
            RawHttp.upgrade(
                "/ws",
                "Origin: " + EmbeddedServer.ORIGIN,
                "Sec-WebSocket-Protocol: bearer." + token("gina") + ", app.v1"));

    assertThat(r.status()).isEqualTo(101);
    assertThat(r.header("sec-websocket-protocol")).isEqualTo("app.v1");
    assertThat(r.head()).doesNotContain("gina");
  }

  @Test
  void accepted_subprotocolsInSeparateFields_readAsOneList() throws Exception {
    // RFC 6455 §11.3.4 lets a client repeat the field; Java-WebSocket's parser joined the two with
    // "; ", which no list parser splits
    RawHttp.Response r =
        RawHttp.exchange(
            server.port,
            RawHttp.upgrade(
                "/ws",
                "Origin: " + EmbeddedServer.ORIGIN,
                "Sec-WebSocket-Protocol: app.v1",
                "Sec-WebSocket-Protocol: bearer." + token("hana")));

    assertThat(r.status()).isEqualTo(101);
    assertThat(r.header("sec-websocket-protocol")).isEqualTo("app.v1");
  }
}
