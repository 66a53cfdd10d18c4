package dev.wsgate.adapter.spring;

import dev.wsgate.spi.VerifiedToken;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One accepted connection: its transport, its current identity (replaced by in-band refresh), its
 * origin and its pending expiry close. Thread-safe.
 */
final class GatedConnection {
  private final Connection transport;
  private final String origin;
  private volatile VerifiedToken token;
  private volatile Future<?> expiry;
  private final AtomicBoolean closedByServer = new AtomicBoolean();

  GatedConnection(Connection transport, VerifiedToken token, String origin) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.token = Objects.requireNonNull(token, "token");
    this.origin = origin;
  }

  VerifiedToken token() {
    return token;
  }

  /** The normalised origin of the upgrade, or null when it had none. */
  String origin() {
    return origin;
  }

  void token(VerifiedToken refreshed) {
    this.token = refreshed;
    transport.attributes().put(WsgateSpring.VERIFIED_TOKEN, refreshed);
  }

  /** Replaces the pending expiry close, cancelling the previous one. */
  void expiry(Future<?> next) {
    Future<?> previous = expiry;
    expiry = next;
    if (previous != null) {
      previous.cancel(false);
    }
  }

  void cancelExpiry() {
    expiry(null);
  }

  void send(String text) {
    transport.send(text);
  }

  /** Closes the connection from the server's side. */
  void close(int code, String reason) {
    closedByServer.set(true);
    transport.close(code, reason);
  }

  boolean closedByServer() {
    return closedByServer.get();
  }

  @Override
  public String toString() {
    return "GatedConnection[" + token + "]";
  }
}
