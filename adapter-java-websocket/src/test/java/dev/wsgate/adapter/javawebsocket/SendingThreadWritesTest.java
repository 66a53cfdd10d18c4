package dev.wsgate.adapter.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.testkit.Eventually;
import dev.wsgate.testkit.FakeTokenVerifier;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocketImpl;
import org.junit.jupiter.api.Test;

/**
 * Messages are written on the thread that sends them, and left to the selector thread when the
 * socket's send buffer is full: several threads sending to one slow client still deliver every
 * message once, each thread's in the order it sent them.
 */
final class SendingThreadWritesTest {
  private static final int THREADS = 4;
  private static final int PER_THREAD = 150;
  private static final String PADDING = "x".repeat(16 * 1024);

  /** On "burst", {@link #THREADS} threads each send {@link #PER_THREAD} numbered messages. */
  private static final class Burst implements ConnectionHandler {
    @Override
    public void onText(Session session, String text) {
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        new Thread(
                () -> {
                  for (int n = 0; n < PER_THREAD; n++) {
                    session.send(thread + ":" + n + ":" + PADDING);
                  }
                },
                "burst-" + t)
            .start();
      }
    }
  }

  /** Takes nothing until told to, then records every whole text message. */
  private static final class SlowReader implements WebSocket.Listener {
    final List<String> messages = new ArrayList<>();
    final CountDownLatch all = new CountDownLatch(THREADS * PER_THREAD);
    private final StringBuilder part = new StringBuilder();
    private volatile WebSocket socket;

    @Override
    public void onOpen(WebSocket webSocket) {
      socket = webSocket; // no request(1) yet: the server's writes back up
    }

    void startReading() {
      socket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      part.append(data);
      if (last) {
        String m = part.toString();
        part.setLength(0);
        messages.add(m.substring(0, m.indexOf(':', m.indexOf(':') + 1)));
        all.countDown();
      }
      webSocket.request(1);
      return null;
    }
  }

  @Test
  void fourThreadsSendToASlowClient_everyMessageArrivesOnceInEachThreadsOrder() throws Exception {
    try (EmbeddedServer server = EmbeddedServer.builder().handler(new Burst()).start()) {
      String token = FakeTokenVerifier.token("burst", Instant.now().plusSeconds(3600));
      SlowReader reader = new SlowReader();
      WebSocket client =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .header("Origin", EmbeddedServer.ORIGIN)
              .buildAsync(server.uri("/ws?token=" + token), reader)
              .get(10, TimeUnit.SECONDS);
      client.sendText("burst", true).get(10, TimeUnit.SECONDS);

      // the client reads nothing, so the send buffers fill and the selector takes over writing
      assertThat(
              Eventually.holds(
                  Duration.ofSeconds(20),
                  () ->
                      server.server.getConnections().stream()
                          .anyMatch(c -> ((WebSocketImpl) c).hasBufferedData())))
          .isTrue();
      reader.startReading();

      assertThat(reader.all.await(60, TimeUnit.SECONDS)).isTrue();
      List<String> messages = reader.messages;
      assertThat(messages).hasSize(THREADS * PER_THREAD).doesNotHaveDuplicates();
      for (int t = 0; t < THREADS; t++) {
        String prefix = t + ":";
        List<String> own = messages.stream().filter(m -> m.startsWith(prefix)).toList();
        List<String> sent = new ArrayList<>();
        for (int n = 0; n < PER_THREAD; n++) {
          sent.add(prefix + n);
        }
        assertThat(own).containsExactlyElementsOf(sent);
      }
      client.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
      CompletableFuture.runAsync(client::abort).get(10, TimeUnit.SECONDS);
    }
  }
}
