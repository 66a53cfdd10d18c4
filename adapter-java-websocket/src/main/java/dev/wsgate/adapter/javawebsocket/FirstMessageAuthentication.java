package dev.wsgate.adapter.javawebsocket;

import dev.wsgate.adapter.javawebsocket.internal.upgrade.Admission;
import dev.wsgate.adapter.javawebsocket.internal.upgrade.GatedWebSocket;
import dev.wsgate.adapter.javawebsocket.internal.upgrade.HandshakeLog;
import dev.wsgate.gate.Decision;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.internal.ConnectionCounter;
import dev.wsgate.internal.firstmessage.Authenticating;
import dev.wsgate.spi.Failure;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.java_websocket.handshake.ClientHandshake;
import org.jspecify.annotations.Nullable;

/**
 * First-message authentication for {@link GatedWebSocketServer}: auth-spi's {@link Authenticating}
 * steps on a {@link GatedWebSocket}. Messages are {@code String} or {@code ByteBuffer}; a
 * verification that completes later is acted on by the thread completing it, holding the
 * connection's {@link Authenticating} monitor. Thread-safe.
 */
final class FirstMessageAuthentication {
  private final GatedWebSocketServer server;
  private final Authenticating.Server shared;

  FirstMessageAuthentication(
      GatedWebSocketServer server,
      HandshakeGate gate,
      ConnectionCounter connections,
      Executor verification) {
    this.server = server;
    this.shared = new Authenticating.Server(gate, connections, verification);
  }

  /** Starts the first-message wait of a connection the hook let through without a token. */
  void start(
      GatedWebSocket conn,
      Admission.Awaiting awaiting,
      ClientHandshake request,
      ScheduledExecutorService timer) {
    Authenticating<Object> a =
        new Authenticating<>(
            shared,
            awaiting.decision(),
            awaiting.client(),
            awaiting.slot(),
            new Link(conn, awaiting, request),
            Runnable::run);
    conn.authenticateByMessage(a);
    a.awaitFirstFrame(timer);
  }

  /** One connection as the shared steps see it. */
  private final class Link implements Authenticating.Connection<Object> {
    private final GatedWebSocket conn;
    private final Admission.Awaiting awaiting;
    private final ClientHandshake request;

    Link(GatedWebSocket conn, Admission.Awaiting awaiting, ClientHandshake request) {
      this.conn = conn;
      this.awaiting = awaiting;
      this.request = request;
    }

    @Override
    public boolean isOpen() {
      return conn.isOpen();
    }

    @Override
    public void close(int code, String reason) {
      conn.close(code, reason);
    }

    @Override
    public void send(String text) {
      conn.send(text);
    }

    @Override
    public void admit(Decision.Accepted accepted, ConnectionCounter.Permit permit) {
      conn.admit(new Admission(accepted, awaiting.client(), permit));
    }

    @Override
    public void open(Decision.Accepted accepted) {
      server.openAccepted(conn, request, accepted);
    }

    @Override
    public void deliver(Object message) {
      if (message instanceof String) {
        server.onAcceptedText(conn, (String) message);
      } else {
        server.onAcceptedBinary(conn, (ByteBuffer) message);
      }
    }

    @Override
    public void logged(String fingerprint, @Nullable Failure failure, int closeCode) {
      HandshakeLog.authenticated(
          awaiting.client(), awaiting.decision().tenant(), fingerprint, failure, closeCode);
    }
  }
}
