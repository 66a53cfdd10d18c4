package dev.wsgate.adapter.javawebsocket;

import dev.wsgate.adapter.javawebsocket.internal.upgrade.ConnectionCounter;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.VerifiedToken;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.java_websocket.WebSocket;
import org.jspecify.annotations.Nullable;

/**
 * One accepted connection as the application sees it: the verified identity, the tenant, the
 * negotiated subprotocol, and a way to send and close. Thread-safe.
 */
public final class Session {
  private final WebSocket socket;
  private final Optional<String> subprotocol;
  private final String remoteAddress;
  private final @Nullable String origin;
  private volatile VerifiedToken token;
  private final ConnectionCounter.Permit permit;
  private volatile @Nullable Deadline deadline;

  /**
   * The deadline a close task is armed for; read and written only by the expiry walk, on the
   * server's one timer thread.
   */
  private Deadline armed;

  private static final AtomicReferenceFieldUpdater<Session, Deadline> DEADLINE =
      AtomicReferenceFieldUpdater.newUpdater(Session.class, Deadline.class, "deadline");
  private volatile Instant endOfLife = Instant.MAX;

  Session(
      WebSocket socket,
      VerifiedToken token,
      Optional<String> subprotocol,
      String remote,
      @Nullable String origin,
      ConnectionCounter.Permit permit) {
    this.socket = Objects.requireNonNull(socket, "socket");
    this.token = Objects.requireNonNull(token, "token");
    this.subprotocol = Objects.requireNonNull(subprotocol, "subprotocol");
    this.remoteAddress = Objects.requireNonNull(remote, "remote");
    this.origin = origin;
    this.permit = Objects.requireNonNull(permit, "permit");
  }

  /**
   * The identity the connection's token proves: the token of the upgrade, or the latest one sent in
   * band ({@code wsgate.session.refresh}) for the same subject, issuer and tenant.
   */
  public VerifiedToken token() {
    return token;
  }

  void token(VerifiedToken refreshed) {
    this.token = Objects.requireNonNull(refreshed, "refreshed");
  }

  /** The normalised {@code Origin} of the upgrade, or null when it had none. */
  @Nullable String origin() {
    return origin;
  }

  /** The tenant whose verifier accepted the token. */
  public String tenant() {
    return token.tenant();
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
  public void close(int code, String reason) {
    socket.close(code, reason);
  }

  /** The latest instant this connection may stay open ({@code wsgate.session.max-lifetime}). */
  Instant endOfLife() {
    return endOfLife;
  }

  void endOfLife(Instant at) {
    this.endOfLife = at;
  }

  /** When and why the connection is closed (4002) unless it closes first. */
  private record Deadline(long nanos, String reason) {}

  /** Sets the close of this connection at {@code nanos} ({@link System#nanoTime()}). */
  void closeAt(long nanos, String reason) {
    this.deadline = new Deadline(nanos, reason);
  }

  /**
   * Marks the current deadline armed when it comes within {@code horizonNanos} of {@code nowNanos}
   * and no close task waits for it yet; returns the delay until it (0 when past), or -1 when there
   * is nothing to arm. A refresh sets a new deadline, which the next walk arms in turn.
   */
  long armCloseWithin(long nowNanos, long horizonNanos) {
    Deadline d = deadline;
    if (d == null || d == armed || d.nanos() - nowNanos > horizonNanos) {
      return -1;
    }
    armed = d;
    return Math.max(0, d.nanos() - nowNanos);
  }

  /**
   * Starts the close when the deadline is at or before {@code nowNanos}; at most once, and not when
   * a refresh has just set a new deadline.
   */
  void closeIfDue(long nowNanos) {
    Deadline d = deadline;
    if (d != null && nowNanos - d.nanos() >= 0 && DEADLINE.compareAndSet(this, d, null)) {
      close(Failure.EXPIRED.closeCode(), d.reason());
    }
  }

  /** Names the identity and address; never the token. */
  @Override
  public String toString() {
    return "Session[" + token + ", remote=" + remoteAddress + "]";
  }
}
