package dev.wsgate.bench;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * The ceiling for anything built on Java-WebSocket: accepts every upgrade, checks nothing, echoes.
 * The same socket settings as the harness's peer B (reuse address, no delay, backlog 1024), so the
 * after-start tools can start it as a fresh JVM beside wsgate: {@code BareServer PORT}.
 */
public final class BareServer extends WebSocketServer {
  private BareServer(int port) {
    super(new InetSocketAddress("127.0.0.1", port));
    setReuseAddr(true);
    setTcpNoDelay(true);
    setMaxPendingConnections(1024);
  }

  public static void main(String[] args) {
    new BareServer(Integer.parseInt(args[0])).start();
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {}

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

  @Override
  public void onMessage(WebSocket conn, String message) {
    conn.send(message);
  }

  @Override
  public void onMessage(WebSocket conn, ByteBuffer message) {
    conn.send(message);
  }

  @Override
  public void onError(WebSocket conn, Exception ex) {
    System.err.println("bare server error: " + ex);
  }

  @Override
  public void onStart() {
    System.out.println("bare Java-WebSocket server listening on " + getPort());
  }
}
