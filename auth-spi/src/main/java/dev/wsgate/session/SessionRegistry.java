package dev.wsgate.session;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.Evaluation;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.PendingVerification;
import dev.wsgate.gate.Redaction;
import dev.wsgate.gate.RefreshFrames;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.VerifiedToken;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The open connections an adapter admitted, by tenant and subject, and what happens to them after
 * the 101 (DESIGN.md: only expiry, revocation and a failed refresh close an open socket): the
 * expiry close (4002) at the token's {@code exp}, spread over the policy's jitter window and never
 * later than the session's end of life; in-band refresh ({@link RefreshFrames}); the periodic
 * revocation sweep (4001); and {@link #disconnectSubject} on demand. Thread-safe.
 *
 * <p>The adapter calls {@link #open} once the 101 is sent, {@link #handledInBand} with each text
 * message before its application sees it, and {@link #closed} when the connection closed; {@link
 * #start} arms the expiry walk and the revocation sweep on a timer the adapter owns.
 */
public final class SessionRegistry {
  private static final System.Logger LOG = System.getLogger(SessionRegistry.class.getName());

  /** The close reason at the end of life ({@link SessionPolicy#maxLifetime}). */
  public static final String LIFETIME_REACHED = "session lifetime reached";

  private final HandshakeGate gate;
  private final SessionPolicy policy;
  private final Clock clock;
  private final Executor verification;
  private final SessionEvents events;
  private final ExpiryScheduler expiry;

  /**
   * Tenant → subject → its one {@link LiveSession}, or a concurrent {@code Set<LiveSession>} while
   * it holds several. Most subjects hold one connection: a set per subject would cost about 200
   * bytes per idle connection, a key object of tenant and subject 24 more, where the subject's own
   * string is the key here. Values change only inside the subject map's per-key {@code compute}; a
   * tenant's map stays once made (there are as many as tenants).
   */
  private final Map<String, Map<String, Object>> bySubject = new ConcurrentHashMap<>();

  /** When and why an open connection is closed at its deadline. */
  record Ending(Instant at, String reason) {}

  /**
   * A registry; nothing is swept until {@link #start}.
   *
   * @param gate judges refreshes and revocations
   * @param clock the time of expiry and end of life (inject a fixed or offset clock in tests)
   * @param verification where a refresh's verifier may run blocking work ({@code Runnable::run}
   *     when none may block)
   * @param events told of refreshes and revocations
   */
  public SessionRegistry(
      HandshakeGate gate,
      SessionPolicy policy,
      Clock clock,
      Executor verification,
      SessionEvents events) {
    this(
        gate,
        policy,
        clock,
        verification,
        events,
        () -> ThreadLocalRandom.current().nextDouble(),
        System::nanoTime);
  }

  SessionRegistry(
      HandshakeGate gate,
      SessionPolicy policy,
      Clock clock,
      Executor verification,
      SessionEvents events,
      DoubleSupplier random,
      LongSupplier ticker) {
    this.gate = Objects.requireNonNull(gate, "gate");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.verification = Objects.requireNonNull(verification, "verification");
    this.events = Objects.requireNonNull(events, "events");
    this.expiry = new ExpiryScheduler(clock, policy.expiryJitter(), random, ticker);
  }

  /**
   * Arms the expiry walk (every half second) and the revocation sweep ({@link
   * SessionPolicy#revocationInterval}) on {@code timer}, which must run one task at a time (one
   * thread: the walk keeps per-session state unsynchronized); they end when the timer shuts down.
   */
  public void start(ScheduledExecutorService timer) {
    ExpiryScheduler.Alarm alarm = ExpiryScheduler.on(timer);
    long tick = ExpiryScheduler.TICK.toMillis();
    long sweep = policy.revocationInterval().toMillis();
    try {
      timer.scheduleWithFixedDelay(
          () -> expiry.armDue(sessions(), alarm), tick, tick, TimeUnit.MILLISECONDS);
      timer.scheduleWithFixedDelay(this::closeRevoked, sweep, sweep, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // the adapter is stopping and closes every connection itself
    }
  }

  /**
   * Registers a connection whose 101 was sent and sets its close.
   *
   * @param origin the normalised {@code Origin} of the upgrade (refreshes are judged against it),
   *     or null when it had none
   */
  public LiveSession open(SessionChannel channel, VerifiedToken token, @Nullable String origin) {
    LiveSession s =
        new LiveSession(channel, token, origin, clock.instant().plus(policy.maxLifetime()));
    armExpiry(s);
    subjectsOf(token.tenant())
        .compute(
            token.subject(),
            (k, held) -> {
              if (held == null) {
                return s;
              }
              Set<LiveSession> set;
              if (held instanceof LiveSession one) {
                set = ConcurrentHashMap.newKeySet();
                set.add(one);
              } else {
                set = setOf(held);
              }
              set.add(s);
              return set;
            });
    return s;
  }

  private Map<String, Object> subjectsOf(String tenant) {
    Map<String, Object> subjects = bySubject.get(tenant);
    return subjects != null
        ? subjects
        : bySubject.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>());
  }

  /** Forgets a closed connection; again is harmless. */
  public void closed(LiveSession s) {
    Map<String, Object> subjects = bySubject.get(s.tenant());
    if (subjects == null) {
      return;
    }
    subjects.computeIfPresent(
        s.token().subject(),
        (k, held) -> {
          if (held instanceof LiveSession) {
            return held == s ? null : held;
          }
          Set<LiveSession> set = setOf(held);
          set.remove(s);
          return set.size() > 1 ? set : set.stream().findAny().orElse(null);
        });
  }

  /** How many sessions are open. */
  public int size() {
    int n = 0;
    for (Map<String, Object> subjects : bySubject.values()) {
      for (Object held : subjects.values()) {
        n += held instanceof LiveSession ? 1 : setOf(held).size();
      }
    }
    return n;
  }

  /**
   * Runs {@code action} for each open session, on the calling thread; weakly consistent: a session
   * opened or closed meanwhile may be seen or not.
   */
  public void forEach(Consumer<? super LiveSession> action) {
    sessions().forEach(action);
  }

  /** A snapshot-free view of the open sessions, weakly consistent. */
  Iterable<LiveSession> sessions() {
    return () ->
        bySubject.values().stream()
            .flatMap(subjects -> subjects.values().stream())
            .flatMap(held -> sessionsOf(held).stream())
            .iterator();
  }

  @SuppressWarnings("unchecked") // only sets of sessions are put in bySubject besides sessions
  private static Set<LiveSession> setOf(Object held) {
    return (Set<LiveSession>) held;
  }

  private static Collection<LiveSession> sessionsOf(Object held) {
    return held instanceof LiveSession one ? List.of(one) : setOf(held);
  }

  /**
   * Closes every open connection of tenant {@code tenant} whose token's subject is {@code subject}
   * with {@code code} and {@code reason} (never a token); the same subject of another tenant is
   * another user and stays connected.
   *
   * @return how many connections were closed
   */
  public int disconnectSubject(String tenant, String subject, int code, String reason) {
    Map<String, Object> subjects = bySubject.get(tenant);
    Object held = subjects == null ? null : subjects.get(subject);
    if (held == null) {
      return 0;
    }
    List<LiveSession> closing = new ArrayList<>(sessionsOf(held));
    closing.forEach(s -> s.channel().close(code, reason));
    return closing.size();
  }

  /**
   * Closes every open connection whose token's subject is {@code subject}, of any tenant, with
   * {@code code} and {@code reason}.
   *
   * @return how many connections were closed
   */
  public int disconnectSubject(String subject, int code, String reason) {
    int closed = 0;
    for (String tenant : bySubject.keySet()) {
      closed += disconnectSubject(tenant, subject, code, reason);
    }
    return closed;
  }

  /**
   * Handles a text message when it is a refresh frame and refresh is on; false when it is an
   * ordinary message for the application. The refresh is judged by the gate ({@link
   * HandshakeGate#refresh}); when its verifier must wait, the answer comes later from the
   * verification's thread, and messages after the refresh frame are handled meanwhile.
   */
  public boolean handledInBand(LiveSession session, String text) {
    Optional<String> token = policy.refresh() ? RefreshFrames.tokenOf(text) : Optional.empty();
    if (token.isEmpty()) {
      return false;
    }
    boolean malformed = token.get().isEmpty();
    String fingerprint = malformed ? "-" : Redaction.fingerprint(token.get());
    Evaluation e = gate.refresh(session.token(), session.origin(), token.get());
    if (e instanceof Decision) {
      conclude(session, fingerprint, malformed, (Decision) e);
    } else {
      ((PendingVerification) e)
          .verify(verification)
          .thenAccept(d -> conclude(session, fingerprint, false, d));
    }
    return true;
  }

  private void conclude(LiveSession session, String fingerprint, boolean malformed, Decision d) {
    if (d instanceof Decision.Accepted) {
      VerifiedToken verified = ((Decision.Accepted) d).token();
      session.token(verified);
      armExpiry(session);
      events.refreshed(session, fingerprint, null, 0);
      session.channel().send(RefreshFrames.refreshed(verified));
      return;
    }
    Failure failure = ((Decision.Rejected) d).failure();
    int code = RefreshFrames.closeCode(failure);
    events.refreshed(session, fingerprint, failure, code);
    session
        .channel()
        .close(code, malformed ? RefreshFrames.MALFORMED : RefreshFrames.closeReason(failure));
  }

  /**
   * When a session must end: its token's {@code exp} when the policy closes on expiry, but never
   * later than its end of life (also for tokens that never expire).
   */
  static Ending ending(Optional<Instant> tokenExp, boolean closeOnExpiry, Instant endOfLife) {
    if (closeOnExpiry && tokenExp.isPresent() && tokenExp.get().isBefore(endOfLife)) {
      return new Ending(tokenExp.get(), Failure.EXPIRED.logReason());
    }
    return new Ending(endOfLife, LIFETIME_REACHED);
  }

  private void armExpiry(LiveSession s) {
    Ending end = ending(s.token().expiresAt(), policy.closeOnExpiry(), s.endOfLife());
    s.closeAt(expiry.closeAtNanos(end.at()), end.reason());
  }

  /** One expiry walk with {@code alarm}: what the timer runs every half second. */
  void armDue(ExpiryScheduler.Alarm alarm) {
    expiry.armDue(sessions(), alarm);
  }

  /** Closes open connections whose token or subject a revocation check now denies (4001). */
  void closeRevoked() {
    try {
      Instant now = clock.instant();
      for (Iterator<LiveSession> it = sessions().iterator(); it.hasNext(); ) {
        LiveSession s = it.next();
        if (gate.isRevoked(s.token(), now)) {
          events.revoked(s);
          s.channel().close(Failure.REVOKED.closeCode(), Failure.REVOKED.logReason());
        }
      }
    } catch (RuntimeException e) {
      // a periodic task that throws is never run again: log and keep sweeping
      LOG.log(Level.WARNING, "revocation sweep failed: {0}", e.getClass().getName());
    }
  }
}
