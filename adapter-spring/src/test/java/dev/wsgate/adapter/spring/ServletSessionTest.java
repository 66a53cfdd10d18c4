package dev.wsgate.adapter.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.testkit.FakeTokenVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * After the 101 on embedded Tomcat: STOMP's principal, expiry, in-band refresh, disconnect by
 * subject, metrics and health.
 */
final class ServletSessionTest {
  private static ConfigurableApplicationContext app;
  private static int port;
  private static HttpClient http;

  @BeforeAll
  static void start() {
    app = ServletApp.shared();
    port = ServletApp.port(app);
    http = HttpClient.newHttpClient();
  }

  private static WebSocket connect(String token, Replies replies) throws Exception {
    return http.newWebSocketBuilder()
        .header("Origin", TestGate.ORIGIN)
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/echo?token=" + token), replies)
        .get(20, TimeUnit.SECONDS);
  }

  @Test
  void stompConnect_tokenInSubprotocol_seesTheSubjectAsUser() throws Exception {
    ServletApp config = app.getBean(ServletApp.class);
    config.stompConnects.clear();
    WebSocketStompClient stomp = new WebSocketStompClient(new StandardWebSocketClient());
    WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
    headers.setOrigin(TestGate.ORIGIN);
    headers.setSecWebSocketProtocol(List.of("v12.stomp", "bearer." + TestGate.token("dora")));

    StompSession session =
        stomp
            .connectAsync(
                "ws://127.0.0.1:" + port + "/stomp", headers, new StompSessionHandlerAdapter() {})
            .get(20, TimeUnit.SECONDS);

    assertThat(config.stompConnects.poll(20, TimeUnit.SECONDS)).isEqualTo("dora");
    assertThat(session.isConnected()).isTrue();
    session.disconnect();
    stomp.stop();
  }

  @Test
  void openSession_tokenExpires_isClosedWith4002() throws Exception {
    // expires one second after the test clock's now: closed at most a second later, in real time
    Replies replies = new Replies();
    connect(FakeTokenVerifier.token("erin", TestGate.NOW.plusSeconds(1)), replies);

    assertThat(replies.close()).isEqualTo(4002);
    assertThat(replies.closeReason).isEqualTo("token expired");
  }

  @Test
  void refreshFrame_sameSubject_isAcknowledgedAndNotPassedOn() throws Exception {
    Replies replies = new Replies();
    WebSocket ws = connect(TestGate.token("fred"), replies);
    String fresh = FakeTokenVerifier.token("fred", TestGate.NOW.plus(Duration.ofHours(2)));

    ws.sendText("{\"type\":\"wsgate.refresh\",\"token\":\"" + fresh + "\"}", true)
        .get(20, TimeUnit.SECONDS);
    ws.sendText("after", true).get(20, TimeUnit.SECONDS);

    // the acknowledgement comes when the verification ends, which may be after the next message
    assertThat(List.of(replies.next(), replies.next()))
        .containsExactlyInAnyOrder(
            "{\"type\":\"wsgate.refreshed\",\"exp\":"
                + TestGate.NOW.plus(Duration.ofHours(2)).getEpochSecond()
                + "}",
            "fred@default: after");
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(20, TimeUnit.SECONDS);
  }

  @Test
  void refreshFrame_otherSubject_closesWith4001() throws Exception {
    Replies replies = new Replies();
    WebSocket ws = connect(TestGate.token("gina"), replies);

    ws.sendText(
            "{\"type\":\"wsgate.refresh\",\"token\":\"" + TestGate.token("mallory") + "\"}", true)
        .get(20, TimeUnit.SECONDS);

    assertThat(replies.close()).isEqualTo(4001);
    assertThat(replies.closeReason)
        .isEqualTo("refresh refused: refresh token is for another subject");
  }

  @Test
  void disconnectSubject_openSessions_closesThemWith4001() throws Exception {
    Replies replies = new Replies();
    WebSocket ws = connect(TestGate.token("hank"), replies);
    ws.sendText("ping", true).get(20, TimeUnit.SECONDS);
    assertThat(replies.next()).isEqualTo("hank@default: ping");

    int closed = app.getBean(WsgateSessions.class).disconnectSubject("hank");

    assertThat(closed).isEqualTo(1);
    assertThat(replies.close()).isEqualTo(4001);
  }

  @Test
  void metrics_handshakes_areCountedWithTheServersNames() throws Exception {
    Replies replies = new Replies();
    WebSocket ws = connect(TestGate.token("ivy"), replies);
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(20, TimeUnit.SECONDS);
    dev.wsgate.testkit.RawHttp.to("/echo").header("Origin", TestGate.ORIGIN).send(port);

    MeterRegistry registry = app.getBean(MeterRegistry.class);
    assertThat(
            registry
                .get("wsgate.handshakes")
                .tags("outcome", "accepted", "status", "101", "tenant", "default")
                .counter()
                .count())
        .isPositive();
    assertThat(
            registry
                .get("wsgate.handshakes")
                .tags("failure", "missing_token", "status", "401")
                .counter()
                .count())
        .isPositive();
    assertThat(registry.get("wsgate.connections.open").tags("tenant", "default").gauge())
        .isNotNull();
  }

  @Test
  void health_fakeVerifierReady_isUp() {
    HealthIndicator health = app.getBean("wsgateHealthIndicator", HealthIndicator.class);

    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    assertThat(health.health().getDetails()).containsKey("tenants");
  }
}
