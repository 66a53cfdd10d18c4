package dev.wsgate.adapter.spring;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.Evaluation;
import dev.wsgate.gate.ExpiryWindow;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.PendingVerification;
import dev.wsgate.gate.RefreshFrames;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.VerifiedToken;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The open connections the gate admitted, on either stack: closes each with {@code 4002 "token
 * expired"} when its token expires (at a random moment of {@code wsgate.session.expiry-jitter} just
 * before {@code exp}, never after; times from the gate's clock), answers in-band refresh frames
 * ({@link RefreshFrames}) when {@code wsgate.session.refresh=true}, and closes a subject's
 * connections on demand ({@link #disconnectSubject}). A bean of the auto-configuration;
 * thread-safe. The expiry closes run on one daemon thread, {@code wsgate-expiry}, stopped with the
 * application context.
 */
public final class WsgateSessions implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(WsgateSessions.class.getName());

  private final HandshakeGate gate;
  private final Executor verification;
  private final GateEvents events;
  private final boolean closeOnExpiry;
  private final Duration jitter;
  private final boolean refresh;
  private final Set<GatedConnection> open = ConcurrentHashMap.newKeySet();
  private final ScheduledThreadPoolExecutor scheduler;

  WsgateSessions(HandshakeGuard guard, boolean closeOnExpiry, Duration jitter, boolean refresh) {
    this.gate = guard.gate();
    this.verification = guard.verification();
    this.events = guard.events();
    this.closeOnExpiry = closeOnExpiry;
    this.jitter = jitter;
    this.refresh = refresh;
    this.scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread t = new Thread(task, "wsgate-expiry");
              t.setDaemon(true);
              return t;
            });
    scheduler.setRemoveOnCancelPolicy(true);
  }

  /** Registers a connection the gate accepted, once its 101 is sent. */
  GatedConnection opened(Connection transport, Decision.Accepted accepted, String origin) {
    GatedConnection c = new GatedConnection(transport, accepted.token(), origin);
    open.add(c);
    events.opened(accepted.tenant());
    armExpiry(c);
    return c;
  }

  /** Forgets a closed connection. */
  void closed(GatedConnection c, int code) {
    if (open.remove(c)) {
      c.cancelExpiry();
      events.closed(c.token().tenant(), code, !c.closedByServer());
    }
  }

  /**
   * Handles a text message when it is a refresh frame and refresh is on; false when it is an
   * ordinary message for the application. A refresh whose verifier must wait is answered later from
   * the verification's thread.
   */
  boolean handledInBand(GatedConnection c, String text) {
    Optional<String> token = refresh ? RefreshFrames.tokenOf(text) : Optional.empty();
    if (token.isEmpty()) {
      return false;
    }
    boolean malformed = token.get().isEmpty();
    Evaluation e = gate.refresh(c.token(), c.origin(), token.get());
    if (e instanceof Decision) {
      concludeRefresh(c, malformed, (Decision) e);
    } else {
      ((PendingVerification) e).verify(verification).thenAccept(d -> concludeRefresh(c, false, d));
    }
    return true;
  }

  private void concludeRefresh(GatedConnection c, boolean malformed, Decision d) {
    if (d instanceof Decision.Accepted) {
      VerifiedToken verified = ((Decision.Accepted) d).token();
      c.token(verified);
      armExpiry(c);
      c.send(RefreshFrames.refreshed(verified));
      return;
    }
    Failure failure = ((Decision.Rejected) d).failure();
    LOG.log(
        Level.DEBUG,
        () -> "refresh refused: " + failure.metricLabel() + " tenant=" + c.token().tenant());
    c.close(
        RefreshFrames.closeCode(failure),
        malformed ? RefreshFrames.MALFORMED : RefreshFrames.closeReason(failure));
  }

  private void armExpiry(GatedConnection c) {
    Optional<Instant> exp = c.token().expiresAt();
    if (!closeOnExpiry || exp.isEmpty()) {
      c.cancelExpiry();
      return;
    }
    Instant now = gate.clock().instant();
    Instant at =
        ExpiryWindow.closeAt(exp.get(), now, jitter, ThreadLocalRandom.current().nextDouble());
    long delay = Math.max(0, Duration.between(now, at).toMillis());
    try {
      c.expiry(
          scheduler.schedule(
              () -> c.close(Failure.EXPIRED.closeCode(), Failure.EXPIRED.logReason()),
              delay,
              TimeUnit.MILLISECONDS));
    } catch (RejectedExecutionException e) {
      // the context is closing and closes every connection itself
    }
  }

  /**
   * Closes every open connection whose token's subject is {@code subject} (of any tenant) with
   * {@code code} and {@code reason} (never a token); returns how many.
   */
  public int disconnectSubject(String subject, int code, String reason) {
    int n = 0;
    for (GatedConnection c : open) {
      if (c.token().subject().equals(subject)) {
        c.close(code, reason);
        n++;
      }
    }
    return n;
  }

  /** Closes the subject's open connections with {@code 4001 "revoked"}; returns how many. */
  public int disconnectSubject(String subject) {
    return disconnectSubject(subject, Failure.REVOKED.closeCode(), "revoked");
  }

  /** How many admitted connections are open. */
  public int openConnections() {
    return open.size();
  }

  /** Stops the expiry thread. */
  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
