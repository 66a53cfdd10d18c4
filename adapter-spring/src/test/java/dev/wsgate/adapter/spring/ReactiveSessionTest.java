package dev.wsgate.adapter.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.testkit.FakeTokenVerifier;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.extensions.IExtension;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;
import org.junit.jupiter.api.Test;

/**
 * After the 101 on WebFlux (Reactor Netty), with Java-WebSocket's client: subprotocol, expiry,
 * in-band refresh and disconnect by subject.
 */
final class ReactiveSessionTest {
  /** Java-WebSocket's client, recording messages and the close. */
  private static final class Client extends WebSocketClient {
    final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    volatile String reason;

    Client(String target, Draft_6455 draft) {
      super(
          URI.create("ws://127.0.0.1:" + ReactiveApp.port() + target),
          draft,
          Map.of("Origin", TestGate.ORIGIN));
    }

    Client(String target) {
      this(target, new Draft_6455());
    }

    @Override
    public void onOpen(ServerHandshake handshake) {}

    @Override
    public void onMessage(String message) {
      texts.add(message);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
      this.reason = reason;
      closed.complete(code);
    }

    @Override
    public void onError(Exception ex) {}

    String next() throws InterruptedException {
      String t = texts.poll(20, TimeUnit.SECONDS);
      if (t == null) {
        throw new AssertionError("no message within 20 s");
      }
      return t;
    }

    int closeCode() throws Exception {
      return closed.get(20, TimeUnit.SECONDS);
    }
  }

  private static Client open(String token) throws Exception {
    Client c = new Client("/echo?token=" + token);
    assertThat(c.connectBlocking(20, TimeUnit.SECONDS)).isTrue();
    return c;
  }

  @Test
  void upgrade_appProtocolAndBearerEntry_negotiatesTheAppProtocol() throws Exception {
    Draft_6455 draft =
        new Draft_6455(
            List.<IExtension>of(),
            List.<IProtocol>of(
                new Protocol("app.v1"), new Protocol("bearer." + TestGate.token("carol"))));
    Client c = new Client("/echo", draft);
    assertThat(c.connectBlocking(20, TimeUnit.SECONDS)).isTrue();

    c.send("hi");

    assertThat(c.next()).isEqualTo("carol@default: hi");
    assertThat(c.getProtocol().getProvidedProtocol()).isEqualTo("app.v1");
    c.closeBlocking();
  }

  @Test
  void openSession_tokenExpires_isClosedWith4002() throws Exception {
    Client c = open(FakeTokenVerifier.token("erin", TestGate.NOW.plusSeconds(1)));

    assertThat(c.closeCode()).isEqualTo(4002);
    assertThat(c.reason).isEqualTo("token expired");
  }

  @Test
  void refreshFrame_sameSubject_isAcknowledgedAndNotPassedOn() throws Exception {
    Client c = open(TestGate.token("fred"));
    String fresh = FakeTokenVerifier.token("fred", TestGate.NOW.plus(Duration.ofHours(2)));

    c.send("{\"type\":\"wsgate.refresh\",\"token\":\"" + fresh + "\"}");
    c.send("after");

    // the acknowledgement comes when the verification ends, which may be after the next message
    assertThat(List.of(c.next(), c.next()))
        .containsExactlyInAnyOrder(
            "{\"type\":\"wsgate.refreshed\",\"exp\":"
                + TestGate.NOW.plus(Duration.ofHours(2)).getEpochSecond()
                + "}",
            "fred@default: after");
    c.closeBlocking();
  }

  @Test
  void refreshFrame_expiredToken_closesWith4002() throws Exception {
    Client c = open(TestGate.token("gina"));

    c.send(
        "{\"type\":\"wsgate.refresh\",\"token\":\""
            + FakeTokenVerifier.token("gina", TestGate.NOW.minusSeconds(60))
            + "\"}");

    assertThat(c.closeCode()).isEqualTo(4002);
    assertThat(c.reason).isEqualTo("refresh refused: token expired");
  }

  @Test
  void disconnectSubject_openSession_closesItWith4001() throws Exception {
    Client c = open(TestGate.token("hank"));
    c.send("ping");
    assertThat(c.next()).isEqualTo("hank@default: ping");

    int closed = ReactiveApp.shared().getBean(WsgateSessions.class).disconnectSubject("hank");

    assertThat(closed).isEqualTo(1);
    assertThat(c.closeCode()).isEqualTo(4001);
  }
}
