package dev.wsgate.session;

import dev.wsgate.spi.Failure;
import dev.wsgate.spi.VerifiedToken;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;

/**
 * One open connection in a {@link SessionRegistry}: its channel, the identity its token proves (the
 * token of the upgrade, or the latest one refreshed in band for the same subject, issuer and
 * tenant), and when the registry closes it. Thread-safe.
 */
public final class LiveSession {
  private final SessionChannel channel;
  private final @Nullable String origin;

  /** The end of life, as its seconds and nanoseconds: no Instant held per open connection. */
  private final long endOfLifeSeconds;

  private final int endOfLifeNanos;

  private volatile VerifiedToken token;
  private volatile @Nullable Deadline deadline;

  /**
   * The deadline a close task is armed for; read and written only by the expiry walk, on the
   * registry's timer thread.
   */
  private @Nullable Deadline armed;

  private static final AtomicReferenceFieldUpdater<LiveSession, Deadline> DEADLINE =
      AtomicReferenceFieldUpdater.newUpdater(LiveSession.class, Deadline.class, "deadline");

  /** When and why the connection is closed (4002) unless it closes first; a ticker value. */
  private record Deadline(long nanos, String reason) {}

  LiveSession(
      SessionChannel channel, VerifiedToken token, @Nullable String origin, Instant endOfLife) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.token = Objects.requireNonNull(token, "token");
    this.origin = origin;
    this.endOfLifeSeconds = endOfLife.getEpochSecond();
    this.endOfLifeNanos = endOfLife.getNano();
  }

  /** The transport's connection. */
  public SessionChannel channel() {
    return channel;
  }

  /** The identity the connection's token proves; a refresh replaces it. */
  public VerifiedToken token() {
    return token;
  }

  void token(VerifiedToken refreshed) {
    this.token = Objects.requireNonNull(refreshed, "refreshed");
  }

  /** The tenant whose verifier accepted the token. */
  public String tenant() {
    return token.tenant();
  }

  /** The normalised {@code Origin} of the upgrade, or null when it had none. */
  public @Nullable String origin() {
    return origin;
  }

  /** The latest instant this connection may stay open ({@link SessionPolicy#maxLifetime}). */
  public Instant endOfLife() {
    return Instant.ofEpochSecond(endOfLifeSeconds, endOfLifeNanos);
  }

  /** Sets the close of this connection at {@code nanos} of the registry's ticker. */
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
      channel.close(Failure.EXPIRED.closeCode(), d.reason());
    }
  }

  /** Names the identity; never the token. */
  @Override
  public String toString() {
    return "LiveSession[" + token + "]";
  }
}
