package dev.wsgate.adapter.spring;

import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** What a JDK WebSocket client received: its text messages in order, and the close. */
final class Replies implements WebSocket.Listener {
  private final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
  private final StringBuilder partial = new StringBuilder();
  final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  volatile String closeReason;

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      texts.add(partial.toString());
      partial.setLength(0);
    }
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
    closeReason = reason;
    closeCode.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    closeCode.completeExceptionally(error);
  }

  /** The next text message; fails the test after 20 s without one. */
  String next() throws InterruptedException {
    String t = texts.poll(20, TimeUnit.SECONDS);
    if (t == null) {
      throw new AssertionError("no message within 20 s");
    }
    return t;
  }

  /** The close code; fails the test after 20 s without a close. */
  int close() throws Exception {
    return closeCode.get(20, TimeUnit.SECONDS);
  }
}
