package dev.wsgate.adapter.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.spi.Failure;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** A real Spring Boot application on WebFlux on Reactor Netty, real clients over real sockets. */
final class ReactiveGateTest {
  private static ConfigurableApplicationContext app;
  private static int port;
  private static HttpClient http;

  @BeforeAll
  static void start() {
    app = ReactiveApp.shared();
    port = ReactiveApp.port();
    http = HttpClient.newHttpClient();
  }

  private static URI uri(String target) {
    return URI.create("ws://127.0.0.1:" + port + target);
  }

  private static WebSocket connect(String target, Replies replies) throws Exception {
    return http.newWebSocketBuilder()
        .header("Origin", TestGate.ORIGIN)
        .buildAsync(uri(target), replies)
        .get(20, TimeUnit.SECONDS);
  }

  @Test
  void upgrade_validQueryToken_echoesWithTheSubjectAsPrincipal() throws Exception {
    Replies replies = new Replies();
    WebSocket ws = connect("/echo?token=" + TestGate.token("alice"), replies);

    ws.sendText("hello", true).get(20, TimeUnit.SECONDS);

    assertThat(replies.next()).isEqualTo("alice@default: hello");
    assertThat(ws.getSubprotocol()).isEmpty();
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(20, TimeUnit.SECONDS);
  }

  @Test
  void upgrade_cookieToken_opens() throws Exception {
    Replies replies = new Replies();
    WebSocket ws =
        http.newWebSocketBuilder()
            .header("Origin", TestGate.ORIGIN)
            .header("Cookie", "wsgate_token=" + TestGate.token("bob"))
            .buildAsync(uri("/echo"), replies)
            .get(20, TimeUnit.SECONDS);

    ws.sendText("hi", true).get(20, TimeUnit.SECONDS);

    assertThat(replies.next()).isEqualTo("bob@default: hi");
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(20, TimeUnit.SECONDS);
  }

  @Test
  void upgrade_appProtocolAndBearerEntry_selectsTheAppProtocolNeverTheToken() throws Exception {
    Replies replies = new Replies();
    WebSocket ws =
        http.newWebSocketBuilder()
            .header("Origin", TestGate.ORIGIN)
            .subprotocols("app.v1", "bearer." + TestGate.token("carol"))
            .buildAsync(uri("/echo"), replies)
            .get(20, TimeUnit.SECONDS);

    assertThat(ws.getSubprotocol()).isEqualTo("app.v1");
    ws.sendText("hi", true).get(20, TimeUnit.SECONDS);
    assertThat(replies.next()).isEqualTo("carol@default: hi");
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(20, TimeUnit.SECONDS);
  }

  @Test
  void upgrade_bearerEntryAfterAppProtocol_101EchoesOnlyTheAppProtocol() throws Exception {
    RawHttp.Response answer =
        RawHttp.to("/echo")
            .header("Origin", TestGate.ORIGIN)
            .header("Sec-WebSocket-Protocol", "bearer." + TestGate.token("carol") + ", app.v1")
            .send(port);

    assertThat(answer.status()).isEqualTo(101);
    assertThat(answer.headers().get("sec-websocket-protocol")).containsExactly("app.v1");
  }

  @Test
  void upgrade_badToken_401WithBearerChallengeAndClose() throws Exception {
    RawHttp.Response answer =
        RawHttp.to("/echo?token=" + FakeTokenVerifier.failing(Failure.INVALID_SIGNATURE))
            .header("Origin", TestGate.ORIGIN)
            .send(port);

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
    assertThat(answer.body()).isEqualTo("token signature is invalid\n");
    assertThat(answer.closed()).isTrue();
  }

  @Test
  void upgrade_disallowedOrigin_403() throws Exception {
    RawHttp.Response answer =
        RawHttp.to("/echo?token=" + TestGate.token("alice"))
            .header("Origin", "https://evil.example.net")
            .send(port);

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.closed()).isTrue();
  }

  @Test
  void upgrade_nullOrigin_403() throws Exception {
    RawHttp.Response answer =
        RawHttp.to("/echo?token=" + TestGate.token("alice")).header("Origin", "null").send(port);

    assertThat(answer.status()).isEqualTo(403);
  }

  @Test
  void upgrade_noOrigin_403() throws Exception {
    RawHttp.Response answer = RawHttp.to("/echo?token=" + TestGate.token("alice")).send(port);

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.body()).isEqualTo("the Origin header is missing\n");
  }

  @Test
  void upgrade_twoOriginHeaders_400() throws Exception {
    RawHttp.Response answer =
        RawHttp.to("/echo?token=" + TestGate.token("alice"))
            .header("Origin", TestGate.ORIGIN)
            .add("Origin", "https://evil.example.net")
            .send(port);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body()).isEqualTo("more than one Origin header\n");
  }

  @Test
  void upgrade_tokenOverMaxTokenBytes_431FromTheGateNotNetty() throws Exception {
    RawHttp.Response answer =
        RawHttp.to("/echo?token=" + "a".repeat(9000)).header("Origin", TestGate.ORIGIN).send(port);

    assertThat(answer.status()).isEqualTo(431);
    assertThat(answer.body()).isEqualTo("token from query exceeds 8192 bytes\n");
  }

  @Test
  void upgrade_pathLeftOutByWsgateSpringPaths_isSpringsAlone() throws Exception {
    RawHttp.Response answer = RawHttp.to("/open").send(port);

    assertThat(answer.status()).isEqualTo(101);
  }

  @Test
  void upgrade_verifierThatMayBlock_waitsOffTheEventLoop() throws Exception {
    HeldVerifier.hold();
    HeldVerifier.heldOn.clear();
    CompletableFuture<RawHttp.Response> held =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return RawHttp.to("/echo?token=held." + TestGate.token("olga"))
                    .header("Origin", TestGate.ORIGIN)
                    .send(port);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    String thread = HeldVerifier.heldOn.poll(20, TimeUnit.SECONDS);

    RawHttp.Response meanwhile =
        RawHttp.to("/echo?token=" + TestGate.token("pete"))
            .header("Origin", TestGate.ORIGIN)
            .send(port);
    HeldVerifier.release();

    assertThat(thread).startsWith("wsgate-verify-");
    assertThat(meanwhile.status()).isEqualTo(101);
    assertThat(held.get(20, TimeUnit.SECONDS).status()).isEqualTo(101);
  }
}
