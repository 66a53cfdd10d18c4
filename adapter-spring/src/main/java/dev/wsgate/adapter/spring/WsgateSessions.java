package dev.wsgate.adapter.spring;

import dev.wsgate.session.LiveSession;
import dev.wsgate.session.SessionEvents;
import dev.wsgate.session.SessionLog;
import dev.wsgate.session.SessionPolicy;
import dev.wsgate.session.SessionRegistry;
import dev.wsgate.spi.Failure;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The open connections the gate admitted, on either stack, in the {@link SessionRegistry} every
 * wsgate adapter shares: each is closed with {@code 4002 "token expired"} when its token expires
 * (at a random moment of {@code wsgate.session.expiry-jitter} just before {@code exp}, never after;
 * times from the application's {@link Clock} bean) or at {@code wsgate.session.max-lifetime},
 * answers in-band refresh frames when {@code wsgate.session.refresh=true}, is closed with 4001 when
 * the gate's revocation checks deny its token (every {@code wsgate.session.revocation-interval}),
 * and a subject's connections close on demand ({@link #disconnectSubject}). A bean of the
 * auto-configuration; thread-safe. The timers run on one daemon thread, {@code wsgate-timer},
 * stopped with the application context.
 */
public final class WsgateSessions implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(WsgateSessions.class.getName());

  private final SessionRegistry registry;
  private final GateEvents events;
  private final ScheduledThreadPoolExecutor timer;

  WsgateSessions(HandshakeGuard guard, SessionPolicy policy, Clock clock) {
    this.events = guard.events();
    this.registry =
        new SessionRegistry(guard.gate(), policy, clock, guard.verification(), new Events());
    this.timer =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread t = new Thread(task, "wsgate-timer");
              t.setDaemon(true);
              return t;
            });
    timer.setRemoveOnCancelPolicy(true);
    registry.start(timer);
  }

  /** Registers a connection the gate accepted, once its 101 is sent. */
  void opened(SpringSessionChannel channel, Admission admission) {
    channel.live(registry.open(channel, admission.accepted().token(), admission.origin()));
    events.opened(admission.accepted().tenant());
  }

  /**
   * Handles a text message when it is a refresh frame and refresh is on; false when it is an
   * ordinary message for the application.
   */
  boolean handledInBand(SpringSessionChannel channel, String text) {
    return registry.handledInBand(channel.live(), text);
  }

  /** Forgets a closed connection that closed with {@code code}; again is harmless. */
  void closed(SpringSessionChannel channel, int code) {
    if (!channel.end()) {
      return;
    }
    LiveSession s = channel.live();
    registry.closed(s);
    int initiated = channel.closedWith();
    events.closed(s.tenant(), initiated != 0 ? initiated : code, initiated == 0);
  }

  /**
   * Closes every open connection whose token's subject is {@code subject} (of any tenant) with
   * {@code code} and {@code reason} (never a token).
   *
   * @return how many connections were closed
   */
  public int disconnectSubject(String subject, int code, String reason) {
    return registry.disconnectSubject(subject, code, reason);
  }

  /**
   * Closes every open connection of tenant {@code tenant} whose token's subject is {@code subject}
   * with {@code code} and {@code reason}; the same subject of another tenant stays connected.
   *
   * @return how many connections were closed
   */
  public int disconnectSubject(String tenant, String subject, int code, String reason) {
    return registry.disconnectSubject(tenant, subject, code, reason);
  }

  /** Closes the subject's open connections with {@code 4001 "revoked"}; returns how many. */
  public int disconnectSubject(String subject) {
    return disconnectSubject(subject, Failure.REVOKED.closeCode(), "revoked");
  }

  /** How many admitted connections are open. */
  public int openConnections() {
    return registry.size();
  }

  /** Stops the timer thread: no more expiry closes nor revocation sweeps. */
  @Override
  public void close() {
    timer.shutdownNow();
  }

  /**
   * The adapters' log lines; an accepted refresh's token also replaces the session attributes
   * {@link WsgateSpring#VERIFIED_TOKEN} and {@link WsgateSpring#TOKEN_FINGERPRINT} before the
   * client is answered.
   */
  private static final class Events implements SessionEvents {
    private final SessionLog log = new SessionLog(LOG);

    @Override
    public void refreshed(LiveSession session, String fingerprint, Failure failure, int closeCode) {
      if (failure == null) {
        Map<String, Object> attributes = ((SpringSessionChannel) session.channel()).attributes();
        attributes.put(WsgateSpring.VERIFIED_TOKEN, session.token());
        attributes.put(WsgateSpring.TOKEN_FINGERPRINT, fingerprint);
      }
      log.refreshed(session, fingerprint, failure, closeCode);
    }

    @Override
    public void revoked(LiveSession session) {
      log.revoked(session);
    }
  }
}
