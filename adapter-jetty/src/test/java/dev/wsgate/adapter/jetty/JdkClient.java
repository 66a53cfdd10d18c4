package dev.wsgate.adapter.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JDK WebSocket client connected from the allowed origin with a query token: queues the text it
 * receives and records the close.
 */
final class JdkClient implements WebSocket.Listener {
  final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
  final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  volatile String closeReason;
  WebSocket ws;

  private JdkClient() {}

  static JdkClient connect(int port, String path, String token) throws Exception {
    JdkClient c = new JdkClient();
    c.ws =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("Origin", GatedJetty.ORIGIN)
            .buildAsync(URI.create("ws://127.0.0.1:" + port + path + "?token=" + token), c)
            .get(20, TimeUnit.SECONDS);
    return c;
  }

  String ask(String text) throws Exception {
    ws.sendText(text, true).get(20, TimeUnit.SECONDS);
    return next();
  }

  String next() throws InterruptedException {
    String text = texts.poll(20, TimeUnit.SECONDS);
    assertThat(text).as("a text message within 20 s").isNotNull();
    return text;
  }

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    texts.add(data.toString());
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
    closeReason = reason;
    closeCode.complete(statusCode);
    return null;
  }
}
