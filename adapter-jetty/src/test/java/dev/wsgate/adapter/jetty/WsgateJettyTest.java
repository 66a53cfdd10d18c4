package dev.wsgate.adapter.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.spi.Failure;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real Jetty, real sockets: the JDK's WebSocket client and a hand-written handshake. */
final class WsgateJettyTest {
  private static GatedJetty jetty;
  private static HttpClient http;

  @BeforeAll
  static void start() throws Exception {
    jetty = GatedJetty.start();
    http = HttpClient.newHttpClient();
  }

  @AfterAll
  static void stop() throws Exception {
    jetty.stop();
  }

  private URI uri(String target) {
    return URI.create("ws://127.0.0.1:" + jetty.port() + target);
  }

  @Test
  void upgrade_validQueryToken_opensEchoesAndHandsOverTheSubject() throws Exception {
    Replies replies = new Replies();
    WebSocket ws =
        http.newWebSocketBuilder()
            .header("Origin", GatedJetty.ORIGIN)
            .buildAsync(uri("/ws?token=" + GatedJetty.token("alice")), replies)
            .get(20, TimeUnit.SECONDS);

    ws.sendText("hello", true).get(20, TimeUnit.SECONDS);
    assertThat(replies.next()).isEqualTo("hello");
    ws.sendText("whoami", true).get(20, TimeUnit.SECONDS);
    assertThat(replies.next()).isEqualTo("alice@default/fake principal=alice");
    assertThat(ws.getSubprotocol()).isEmpty();
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(20, TimeUnit.SECONDS);
  }

  @Test
  void upgrade_twoClientsAtOnce_eachSeesOnlyItsOwnSubject() throws Exception {
    Replies aliceReplies = new Replies();
    Replies bobReplies = new Replies();
    WebSocket alice =
        http.newWebSocketBuilder()
            .header("Origin", GatedJetty.ORIGIN)
            .buildAsync(uri("/ws?token=" + GatedJetty.token("alice")), aliceReplies)
            .get(20, TimeUnit.SECONDS);
    WebSocket bob =
        http.newWebSocketBuilder()
            .header("Origin", GatedJetty.ORIGIN)
            .header("Cookie", "wsgate_token=" + GatedJetty.token("bob"))
            .buildAsync(uri("/ws"), bobReplies)
            .get(20, TimeUnit.SECONDS);

    bob.sendText("whoami", true).get(20, TimeUnit.SECONDS);
    alice.sendText("whoami", true).get(20, TimeUnit.SECONDS);

    assertThat(aliceReplies.next()).isEqualTo("alice@default/fake principal=alice");
    assertThat(bobReplies.next()).isEqualTo("bob@default/fake principal=bob");
    alice.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(20, TimeUnit.SECONDS);
    bob.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(20, TimeUnit.SECONDS);
  }

  @Test
  void upgrade_validQueryToken_answers101() throws Exception {
    RawHttp.Response answer =
        GatedJetty.upgrade("/ws?token=" + GatedJetty.token("bob")).send(jetty.port());

    assertThat(answer.status()).isEqualTo(101);
    assertThat(answer.header("Sec-WebSocket-Accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    assertThat(answer.header("Sec-WebSocket-Protocol")).isNull();
  }

  @Test
  void upgrade_appProtocolAndBearerEntry_selectsExactlyTheAppProtocol() throws Exception {
    String token = GatedJetty.token("carol");
    Replies replies = new Replies();
    WebSocket ws =
        http.newWebSocketBuilder()
            .header("Origin", GatedJetty.ORIGIN)
            .subprotocols("app.v1", "bearer." + token)
            .buildAsync(uri("/ws"), replies)
            .get(20, TimeUnit.SECONDS);

    assertThat(ws.getSubprotocol()).isEqualTo("app.v1");
    ws.sendText("whoami", true).get(20, TimeUnit.SECONDS);
    assertThat(replies.next()).isEqualTo("carol@default/fake principal=carol");
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(20, TimeUnit.SECONDS);
  }

  @Test
  void upgrade_appProtocolAndBearerEntry_echoesOnlyTheAppProtocol() throws Exception {
    RawHttp.Response answer =
        GatedJetty.upgrade("/ws")
            .header("Sec-WebSocket-Protocol", "app.v1, bearer." + GatedJetty.token("carol"))
            .send(jetty.port());

    assertThat(answer.status()).isEqualTo(101);
    assertThat(answer.headers().get("sec-websocket-protocol")).containsExactly("app.v1");
  }

  @Test
  void upgrade_wrongOrigin_answers403AndCloses() throws Exception {
    RawHttp.Response answer =
        GatedJetty.upgrade("/ws?token=" + GatedJetty.token("alice"))
            .header("Origin", "https://evil.example.net")
            .send(jetty.port());

    assertRejected(answer, 403);
    assertThat(answer.header("WWW-Authenticate")).isNull();
  }

  @Test
  void upgrade_wrongOrigin_failsTheJdkClientWith403() {
    CompletableFuture<WebSocket> opening =
        http.newWebSocketBuilder()
            .header("Origin", "https://app.example.com.evil.net")
            .buildAsync(uri("/ws?token=" + GatedJetty.token("alice")), new Replies());

    assertThat(handshakeStatus(opening)).isEqualTo(403);
  }

  @Test
  void upgrade_missingToken_answers401WithBearerChallenge() throws Exception {
    RawHttp.Response answer = GatedJetty.upgrade("/ws").send(jetty.port());

    assertRejected(answer, 401);
    assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
    assertThat(answer.body()).isEqualTo("no token in the request\n");
  }

  @Test
  void upgrade_missingToken_failsTheJdkClientWith401() {
    CompletableFuture<WebSocket> opening =
        http.newWebSocketBuilder()
            .header("Origin", GatedJetty.ORIGIN)
            .buildAsync(uri("/ws"), new Replies());

    assertThat(handshakeStatus(opening)).isEqualTo(401);
  }

  @Test
  void upgrade_expiredToken_answers401() throws Exception {
    String expired = FakeTokenVerifier.token("alice", GatedJetty.NOW.minusSeconds(3600));

    RawHttp.Response answer = GatedJetty.upgrade("/ws?token=" + expired).send(jetty.port());

    assertRejected(answer, 401);
    assertThat(answer.body()).doesNotContain(expired);
  }

  @Test
  void upgrade_providerUnavailable_answers503() throws Exception {
    RawHttp.Response answer =
        GatedJetty.upgrade("/ws?token=" + FakeTokenVerifier.failing(Failure.PROVIDER_UNAVAILABLE))
            .send(jetty.port());

    assertRejected(answer, 503);
    assertThat(answer.header("WWW-Authenticate")).isNull();
  }

  @Test
  void upgrade_bearerOnlySubprotocolOffer_answers400() throws Exception {
    RawHttp.Response answer =
        GatedJetty.upgrade("/ws")
            .header("Sec-WebSocket-Protocol", "bearer." + GatedJetty.token("alice"))
            .send(jetty.port());

    assertRejected(answer, 400);
    assertThat(answer.body()).contains("app.v1");
  }

  @Test
  void upgrade_oversizedToken_answers431() throws Exception {
    String huge = GatedJetty.token("x".repeat(GatedJetty.MAX_TOKEN_BYTES));

    RawHttp.Response answer = GatedJetty.upgrade("/ws?token=" + huge).send(jetty.port());

    assertRejected(answer, 431);
  }

  @Test
  void upgrade_verifierThrows_answers500() throws Exception {
    RawHttp.Response answer = GatedJetty.upgrade("/ws?token=throw").send(jetty.port());

    assertRejected(answer, 500);
  }

  @Test
  void upgrade_twoDifferentTokens_answers400() throws Exception {
    RawHttp.Response answer =
        GatedJetty.upgrade("/ws?token=" + GatedJetty.token("alice"))
            .header("Cookie", "wsgate_token=" + GatedJetty.token("mallory"))
            .send(jetty.port());

    assertRejected(answer, 400);
  }

  @Test
  void upgrade_unsupportedWebSocketVersion_answers426NamingVersion13() throws Exception {
    RawHttp.Response answer =
        GatedJetty.upgrade("/ws?token=" + GatedJetty.token("alice"))
            .header("Sec-WebSocket-Version", "8")
            .send(jetty.port());

    assertRejected(answer, 426);
    assertThat(answer.header("Sec-WebSocket-Version")).isEqualTo("13");
  }

  @Test
  void upgrade_malformedHandshakeWithoutToken_answers400BeforeTheGate() throws Exception {
    RawHttp.Response answer =
        GatedJetty.upgrade("/ws").without("Sec-WebSocket-Key").send(jetty.port());

    assertRejected(answer, 400);
    assertThat(answer.header("WWW-Authenticate")).isNull();
  }

  @Test
  void upgrade_endpointsOwnAnnotationPath_isNotARoute() throws Exception {
    RawHttp.Response answer =
        GatedJetty.upgrade("/echo?token=" + GatedJetty.token("alice"))
            .header("Connection", "Upgrade, close")
            .send(jetty.port());

    assertThat(answer.status()).isEqualTo(404);
  }

  @Test
  void plainGet_onGatedPath_passesDownTheChainUnjudged() throws Exception {
    RawHttp.Response answer =
        GatedJetty.upgrade("/ws")
            .without("Upgrade")
            .without("Sec-WebSocket-Key")
            .without("Sec-WebSocket-Version")
            .header("Connection", "close")
            .send(jetty.port());

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.header("WWW-Authenticate")).isNull();
  }

  private static void assertRejected(RawHttp.Response answer, int status) {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    assertThat(answer.closed()).as(answer.toString()).isTrue();
    assertThat(answer.header("Connection")).containsIgnoringCase("close");
    assertThat(answer.header("Content-Type")).startsWith("text/plain");
    assertThat(answer.header("Sec-WebSocket-Accept")).isNull();
    assertThat(answer.body()).endsWith("\n").hasSizeLessThan(260);
  }

  private static int handshakeStatus(CompletableFuture<WebSocket> opening) {
    try {
      opening.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
      return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the handshake succeeded");
  }

  /** Collects whole text messages. */
  private static final class Replies implements WebSocket.Listener {
    private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    String next() throws InterruptedException {
      String m = messages.poll(20, TimeUnit.SECONDS);
      assertThat(m).as("a reply within the guard time").isNotNull();
      return m;
    }
  }
}
