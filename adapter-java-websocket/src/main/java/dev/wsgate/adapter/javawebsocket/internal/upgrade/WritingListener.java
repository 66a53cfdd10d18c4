package dev.wsgate.adapter.javawebsocket.internal.upgrade;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketListener;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.Framedata;
import org.java_websocket.framing.PingFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;

/**
 * The server's listener as a {@link GatedWebSocket} sees it: every event goes to the server, and a
 * write goes out on the thread that sent it ({@link GatedWebSocket#writeQueued}) instead of waking
 * the selector thread for it.
 *
 * <p>Java-WebSocket answers every queued write with a write demand: it adds {@code OP_WRITE} to the
 * connection's key and wakes the selector, whose next pass writes the bytes and takes {@code
 * OP_WRITE} away again. That is two {@code epoll_ctl} calls, an event-fd write and read, and a
 * thread switch for each message, on top of the write itself. A non-blocking socket write is safe
 * from any thread; the selector thread only falls back to it when the socket's send buffer is full,
 * the connection is closing, or a write is already waiting for it.
 */
final class WritingListener implements WebSocketListener {
  private final WebSocketListener server;

  WritingListener(WebSocketListener server) {
    this.server = server;
  }

  /** The server this listener forwards to. */
  WebSocketListener server() {
    return server;
  }

  @Override
  public void onWriteDemand(WebSocket conn) {
    if (conn instanceof GatedWebSocket) {
      ((GatedWebSocket) conn).writeQueued(server);
    } else {
      server.onWriteDemand(conn);
    }
  }

  @Override
  public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(
      WebSocket conn, Draft draft, ClientHandshake request) throws InvalidDataException {
    return server.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
  }

  @Override
  public void onWebsocketHandshakeReceivedAsClient(
      WebSocket conn, ClientHandshake request, ServerHandshake response)
      throws InvalidDataException {
    server.onWebsocketHandshakeReceivedAsClient(conn, request, response);
  }

  @Override
  public void onWebsocketHandshakeSentAsClient(WebSocket conn, ClientHandshake request)
      throws InvalidDataException {
    server.onWebsocketHandshakeSentAsClient(conn, request);
  }

  @Override
  public void onWebsocketMessage(WebSocket conn, String message) {
    server.onWebsocketMessage(conn, message);
  }

  @Override
  public void onWebsocketMessage(WebSocket conn, ByteBuffer blob) {
    server.onWebsocketMessage(conn, blob);
  }

  @Override
  public void onWebsocketOpen(WebSocket conn, Handshakedata d) {
    server.onWebsocketOpen(conn, d);
  }

  @Override
  public void onWebsocketClose(WebSocket ws, int code, String reason, boolean remote) {
    server.onWebsocketClose(ws, code, reason, remote);
  }

  @Override
  public void onWebsocketClosing(WebSocket ws, int code, String reason, boolean remote) {
    server.onWebsocketClosing(ws, code, reason, remote);
  }

  @Override
  public void onWebsocketCloseInitiated(WebSocket ws, int code, String reason) {
    server.onWebsocketCloseInitiated(ws, code, reason);
  }

  @Override
  public void onWebsocketError(WebSocket conn, Exception ex) {
    server.onWebsocketError(conn, ex);
  }

  @Override
  public void onWebsocketPing(WebSocket conn, Framedata f) {
    server.onWebsocketPing(conn, f);
  }

  @Override
  public PingFrame onPreparePing(WebSocket conn) {
    return server.onPreparePing(conn);
  }

  @Override
  public void onWebsocketPong(WebSocket conn, Framedata f) {
    server.onWebsocketPong(conn, f);
  }

  @Override
  public InetSocketAddress getLocalSocketAddress(WebSocket conn) {
    return server.getLocalSocketAddress(conn);
  }

  @Override
  public InetSocketAddress getRemoteSocketAddress(WebSocket conn) {
    return server.getRemoteSocketAddress(conn);
  }
}
