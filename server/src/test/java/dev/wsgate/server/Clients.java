package dev.wsgate.server;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;

/** A Java-WebSocket client that records what it receives. */
final class Clients {
  private Clients() {}

  static final class Recording extends WebSocketClient {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    final CompletableFuture<String> closeReason = new CompletableFuture<>();
    volatile ServerHandshake handshake;

    Recording(URI uri, Map<String, String> headers) {
      super(uri, new Draft_6455(), headers, 10_000);
    }

    @Override
    public void onOpen(ServerHandshake h) {
      handshake = h;
    }

    @Override
    public void onMessage(String message) {
      messages.add(message);
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
      messages.add("binary:" + bytes.remaining());
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
      closeReason.complete(reason);
      closeCode.complete(code);
    }

    @Override
    public void onError(Exception ex) {
      // surfaces through onClose
    }
  }
}
