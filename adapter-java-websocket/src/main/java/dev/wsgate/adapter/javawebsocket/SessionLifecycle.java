package dev.wsgate.adapter.javawebsocket;

import dev.wsgate.adapter.javawebsocket.internal.upgrade.HandshakeLog;
import dev.wsgate.gate.Decision;
import dev.wsgate.gate.Evaluation;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.PendingVerification;
import dev.wsgate.gate.Redaction;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.VerifiedToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.Executor;
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

  private final HandshakeGate gate;
  private final Executor verification;
  private final ExpiryScheduler expiry;
  private final boolean refresh;
  private final Clock clock;
  private final ExpiryMode onExpiry;
  private final Duration maxLifetime;

  /** Why an open connection is closed at its deadline, and with which code. */
  record Deadline(Instant at, String reason) {}

  /** The reason of a close at {@code wsgate.session.max-lifetime}. */
  static final String LIFETIME_REACHED = "session lifetime reached";

  /**
   * @param verification where a refresh's verifier may run blocking work
   */
  SessionLifecycle(ServerConfig config, HandshakeGate gate, Executor verification, Clock clock) {
    this.gate = gate;
    this.verification = verification;
    this.clock = clock;
    this.onExpiry = config.onExpiry();
    this.maxLifetime = config.maxLifetime();
    this.expiry =
        new ExpiryScheduler(
            clock, config.expiryJitter(), () -> ThreadLocalRandom.current().nextDouble());
    this.refresh = config.refresh();
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

  /**
   * Handles a refresh message; false when {@code text} is an ordinary message for the handler. The
   * refresh is judged by the gate ({@link HandshakeGate#refresh}); when its verifier must wait, the
   * answer comes later from the verification's thread, and messages after the refresh frame are
   * handled meanwhile.
   */
  boolean handledInBand(Session session, String text) {
    Optional<String> token = refresh ? SessionRefresh.tokenOf(text) : Optional.empty();
    if (token.isEmpty()) {
      return false;
    }
    String fingerprint = token.get().isEmpty() ? "-" : Redaction.fingerprint(token.get());
    Evaluation e = gate.refresh(session.token(), session.origin(), token.get());
    if (e instanceof Decision) {
      conclude(session, fingerprint, token.get().isEmpty(), (Decision) e);
    } else {
      ((PendingVerification) e)
          .verify(verification)
          .thenAccept(d -> conclude(session, fingerprint, false, d));
    }
    return true;
  }

  private void conclude(Session session, String fingerprint, boolean malformed, Decision d) {
    if (d instanceof Decision.Accepted) {
      VerifiedToken verified = ((Decision.Accepted) d).token();
      session.token(verified);
      armExpiry(session);
      HandshakeLog.refreshed(session, fingerprint, null, 0);
      session.send(SessionRefresh.refreshed(verified));
      return;
    }
    Failure failure = ((Decision.Rejected) d).failure();
    int code = SessionRefresh.closeCode(failure);
    HandshakeLog.refreshed(session, fingerprint, failure, code);
    session.close(
        code, malformed ? SessionRefresh.MALFORMED : "refresh refused: " + failure.logReason());
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
        if (a instanceof Session && gate.isRevoked(((Session) a).token(), now)) {
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
