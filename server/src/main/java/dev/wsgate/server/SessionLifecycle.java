package dev.wsgate.server;

import dev.wsgate.gate.Redaction;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.VerifiedToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.java_websocket.WebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to an accepted connection after the 101: the expiry close, in-band refresh and the
 * periodic revocation sweep, all on the server's one timer thread. The only reasons wsgate itself
 * closes an open socket (DESIGN.md): expiry (4002), revocation (4001) and a failed refresh.
 */
final class SessionLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(SessionLifecycle.class);

  private final GuardedGate gate;
  private final ExpiryScheduler expiry;
  private final SessionRefresh refresh;
  private final Clock clock;
  private final ExpiryMode onExpiry;
  private final Duration maxLifetime;

  /** Why an open connection is closed at its deadline, and with which code. */
  record Deadline(Instant at, String reason) {}

  /** The reason of a close at {@code wsgate.session.max-lifetime}. */
  static final String LIFETIME_REACHED = "session lifetime reached";

  SessionLifecycle(ServerConfig config, GuardedGate gate, Clock clock) {
    this.gate = gate;
    this.clock = clock;
    this.onExpiry = config.onExpiry();
    this.maxLifetime = config.maxLifetime();
    this.expiry =
        new ExpiryScheduler(
            clock, config.expiryJitter(), () -> ThreadLocalRandom.current().nextDouble());
    this.refresh = config.refresh() ? new SessionRefresh(gate.gate(), gate, clock) : null;
  }

  /** Arms the periodic revocation sweep and the expiry sweep over {@code connections}. */
  void sweepEvery(
      ScheduledExecutorService scheduler,
      Duration interval,
      Supplier<Collection<WebSocket>> connections) {
    ExpiryScheduler.sweepEvery(scheduler, connections);
    long every = interval.toMillis();
    scheduler.scheduleWithFixedDelay(
        () -> closeRevoked(connections.get()), every, every, TimeUnit.MILLISECONDS);
  }

  void opened(Session session) {
    session.endOfLife(clock.instant().plus(maxLifetime));
    armExpiry(session);
  }

  /**
   * When a session must end: its token's {@code exp} when {@code wsgate.session.on-expiry=close},
   * but never later than its end of life ({@code wsgate.session.max-lifetime} after the upgrade,
   * across refreshes, and also for tokens that never expire or with {@code on-expiry=keep}).
   */
  static Deadline deadline(Optional<Instant> tokenExp, ExpiryMode mode, Instant endOfLife) {
    if (mode == ExpiryMode.CLOSE && tokenExp.isPresent() && tokenExp.get().isBefore(endOfLife)) {
      return new Deadline(tokenExp.get(), Failure.EXPIRED.logReason());
    }
    return new Deadline(endOfLife, LIFETIME_REACHED);
  }

  /** Handles a refresh message; false when {@code text} is an ordinary message for the handler. */
  boolean handledInBand(Session session, String text) {
    Optional<String> token = refresh == null ? Optional.empty() : SessionRefresh.tokenOf(text);
    if (token.isEmpty()) {
      return false;
    }
    try {
      VerifiedToken verified = refresh.verify(session, token.get());
      session.token(verified);
      armExpiry(session);
      HandshakeLog.refreshed(session, Redaction.fingerprint(token.get()), null);
      session.send(SessionRefresh.refreshed(verified));
    } catch (AuthenticationException e) {
      HandshakeLog.refreshed(session, Redaction.fingerprint(token.get()), e.failure());
      session.close(
          SessionRefresh.closeCode(e.failure()), "refresh refused: " + e.failure().logReason());
    }
    return true;
  }

  private void armExpiry(Session session) {
    Deadline d = deadline(session.token().expiresAt(), onExpiry, session.endOfLife());
    session.closeAt(expiry.closeAtNanos(d.at()), d.reason());
  }

  /** Closes open connections whose token or subject a revocation check now denies (4001). */
  private void closeRevoked(Collection<WebSocket> connections) {
    try {
      Instant now = clock.instant();
      for (WebSocket conn : connections) {
        Object a = conn.getAttachment();
        if (a instanceof Session && gate.gate().isRevoked(((Session) a).token(), now)) {
          Session s = (Session) a;
          LOG.info(
              "session revoked remote={} tenant={}; closing with {}",
              s.remoteAddress(),
              s.tenant(),
              Failure.REVOKED.closeCode());
          s.close(Failure.REVOKED.closeCode(), Failure.REVOKED.logReason());
        }
      }
    } catch (RuntimeException e) {
      // a periodic task that throws is never run again: log and keep sweeping
      LOG.warn("revocation sweep failed: {}", e.getClass().getName());
    }
  }
}
