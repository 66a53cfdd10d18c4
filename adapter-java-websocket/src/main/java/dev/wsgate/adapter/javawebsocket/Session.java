package dev.wsgate.adapter.javawebsocket;

import dev.wsgate.internal.ConnectionCounter;
import dev.wsgate.session.LiveSession;
import dev.wsgate.session.SessionChannel;
import dev.wsgate.spi.VerifiedToken;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import org.java_websocket.WebSocket;
import org.jspecify.annotations.Nullable;

/**
 * One accepted connection as the application sees it: the verified identity, the tenant, the
 * negotiated subprotocol, and a way to send and close. Its expiry, refresh and revocation are the
 * shared session code's ({@link LiveSession}). Thread-safe.
 */
public final class Session implements SessionChannel {
  private final WebSocket socket;
  private final Optional<String> subprotocol;
  private final String remoteAddress;
  private final ConnectionCounter.Permit permit;

  /** Set once, right after the registry took the session, before any callback sees it. */
  private volatile @Nullable LiveSession live;

  Session(
      WebSocket socket,
      Optional<String> subprotocol,
      String remote,
      ConnectionCounter.Permit permit) {
    this.socket = Objects.requireNonNull(socket, "socket");
    this.subprotocol = Objects.requireNonNull(subprotocol, "subprotocol");
    this.remoteAddress = Objects.requireNonNull(remote, "remote");
    this.permit = Objects.requireNonNull(permit, "permit");
  }

  void live(LiveSession registered) {
    this.live = registered;
  }

  LiveSession live() {
    return Objects.requireNonNull(live, "live");
  }

  /**
   * The identity the connection's token proves: the token of the upgrade, or the latest one sent in
   * band ({@code wsgate.session.refresh}) for the same subject, issuer and tenant.
   */
  public VerifiedToken token() {
    return live().token();
  }

  /** The tenant whose verifier accepted the token. */
  public String tenant() {
    return token().tenant();
  }

  /** The application subprotocol echoed to the client, if it offered one. */
  public Optional<String> subprotocol() {
    return subprotocol;
  }

  ConnectionCounter.Permit permit() {
    return permit;
  }

  /**
   * The client address: the peer's {@code ip:port}, or the address named by {@code X-Forwarded-For}
   * when the peer is a trusted proxy ({@code wsgate.trusted-proxies}).
   */
  public String remoteAddress() {
    return remoteAddress;
  }

  /** Whether the connection is open. */
  public boolean isOpen() {
    return socket.isOpen();
  }

  /** Sends a text message; ignored once the connection is closed. */
  @Override
  public void send(String text) {
    if (socket.isOpen()) {
      socket.send(text);
    }
  }

  /** Sends a binary message; ignored once the connection is closed. */
  public void send(ByteBuffer data) {
    if (socket.isOpen()) {
      socket.send(data);
    }
  }

  /** Starts the closing handshake with {@code code} and a short reason (never a token). */
  @Override
  public void close(int code, String reason) {
    socket.close(code, reason);
  }

  /** Names the identity and address; never the token. */
  @Override
  public String toString() {
    LiveSession l = live;
    return "Session[" + (l == null ? "-" : l.token()) + ", remote=" + remoteAddress + "]";
  }
}
