package dev.wsgate.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The example as a user starts it, on a free port, with two real clients. */
final class ChatApplicationTest {
  private static ConfigurableApplicationContext app;
  private static int port;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    app = ChatApplication.start("--server.port=0");
    port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String token(String name) throws Exception {
    String json =
        HTTP.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/dev-token?name=" + name))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return json.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
  }

  private static WebSocket join(String token, LinkedBlockingQueue<String> inbox) throws Exception {
    return HTTP.newWebSocketBuilder()
        .header("Origin", "http://localhost:" + port)
        .subprotocols("chat.v1", "bearer." + token)
        .buildAsync(
            URI.create("ws://127.0.0.1:" + port + "/chat"),
            new WebSocket.Listener() {
              @Override
              public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                inbox.add(data.toString());
                ws.request(1);
                return null;
              }
            })
        .get(20, TimeUnit.SECONDS);
  }

  @Test
  void chat_twoMembers_seeEachOthersMessagesUnderTheirTokensNames() throws Exception {
    LinkedBlockingQueue<String> alice = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<String> bob = new LinkedBlockingQueue<>();
    WebSocket a = join(token("alice"), alice);
    assertThat(alice.poll(20, TimeUnit.SECONDS)).isEqualTo("* alice joined");
    WebSocket b = join(token("bob"), bob);
    assertThat(bob.poll(20, TimeUnit.SECONDS)).isEqualTo("* bob joined");

    b.sendText("hi alice", true).get(20, TimeUnit.SECONDS);

    assertThat(alice.poll(20, TimeUnit.SECONDS)).isEqualTo("* bob joined");
    assertThat(alice.poll(20, TimeUnit.SECONDS)).isEqualTo("bob: hi alice");
    assertThat(a.getSubprotocol()).isEqualTo("chat.v1");
    a.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(20, TimeUnit.SECONDS);
    b.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(20, TimeUnit.SECONDS);
  }

  @Test
  void chat_forgedToken_isRefusedWith401() {
    assertThatThrownBy(() -> join(token("mallory") + "x", new LinkedBlockingQueue<>()))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            WebSocketHandshakeException.class,
            e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
  }
}
