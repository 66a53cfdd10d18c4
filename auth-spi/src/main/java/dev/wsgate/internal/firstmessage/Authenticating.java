package dev.wsgate.internal.firstmessage;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.Evaluation;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.PendingVerification;
import dev.wsgate.gate.Redaction;
import dev.wsgate.gate.RefreshFrames;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.TokenExtractors;
import dev.wsgate.internal.ConnectionCounter;
import dev.wsgate.spi.Failure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One connection upgraded without a token ({@link Decision.AwaitingAuthentication}) on its way
 * through first-message authentication, on any transport. Its first frame must be an authentication
 * frame ({@link FirstMessage}) within the tenant's timeout; the token is judged by {@link
 * HandshakeGate#authenticate} (a verifier that may block runs on the verification executor, never
 * on the caller); an accepted one takes its share of the connection limits, is acknowledged with
 * {@code {"type":"wsgate.authenticated","exp":…}}, and only then does the application see the
 * connection open, followed by the messages that arrived meanwhile (at most {@value #MAX_HELD}).
 * Anything else closes the connection with a close code of the {@link Failure} table: {@link
 * Failure#MISSING_TOKEN}'s ("authentication required") for no frame in time or another first frame
 * (a binary one included), the failure's own for a refused token (as a refused in-band refresh),
 * {@link Failure#RATE_LIMITED}'s when the connection limits are full.
 *
 * <p>Thread-safe: every step runs holding this object's monitor, and so do the deliveries of an
 * authenticated connection's messages ({@link #text}, {@link #binary}), so that held messages reach
 * the application first and never concurrently with later ones. Not API.
 *
 * @param <M> the transport's message type, held while the token is verified
 */
public final class Authenticating<M> {
  /** At most this many messages are held while the token is verified. */
  public static final int MAX_HELD = 16;

  /** RFC 6455's "going away": the server stops. */
  private static final int GOING_AWAY = 1001;

  /**
   * What every connection of one server shares.
   *
   * @param gate judges the tokens
   * @param connections the open-connection limits an authenticated connection takes a share of
   * @param verification where a verifier that may block runs
   */
  public record Server(HandshakeGate gate, ConnectionCounter connections, Executor verification) {}

  /** What first-message authentication needs of one connection: the adapter's side. */
  public interface Connection<M> {
    /** Whether the connection is still open. */
    boolean isOpen();

    /** Closes the connection with a close frame. */
    void close(int code, String reason);

    /** Sends a text frame. */
    void send(String text);

    /**
     * Takes the accepted identity and its share of the limits, to release when the connection
     * closes; called before {@link #open}.
     */
    void admit(Decision.Accepted accepted, ConnectionCounter.Permit permit);

    /** The application sees the connection open, after the acknowledgement was sent. */
    void open(Decision.Accepted accepted);

    /** A message of an authenticated connection, to the application. */
    void deliver(M message);

    /** Logs the authentication frame's outcome: {@code failure} null when accepted. */
    void logged(String fingerprint, @Nullable Failure failure, int closeCode);
  }

  /** Where the connection is. */
  public enum Phase {
    /** Waiting for the first frame (the timeout may close it). */
    WAITING,
    /** The first frame's token is being verified; frames that arrive meanwhile are held. */
    VERIFYING,
    /** Authenticated (or closed): messages go to the application when it was admitted. */
    DONE
  }

  private final Server server;
  private final Decision.AwaitingAuthentication decision;
  private final String client;
  private final PendingAuthentications.Slot slot;
  private final Connection<M> conn;
  private final Executor conclusions;
  private volatile Phase phase = Phase.WAITING;
  private boolean admitted;
  private final List<M> held = new ArrayList<>();
  private @Nullable Future<?> timeout;

  /**
   * A connection the upgrade let through without a token.
   *
   * @param server what the server's connections share
   * @param decision the upgrade's decision (tenant, origin, subprotocol)
   * @param client the client address, against which failures count
   * @param slot the connection's share of the pending-authentication caps, released once it
   *     authenticates or closes
   * @param conn the transport's side
   * @param conclusions where a verification that completed later is acted on (the connection's
   *     event loop; the completing thread when the transport has none)
   */
  public Authenticating(
      Server server,
      Decision.AwaitingAuthentication decision,
      String client,
      PendingAuthentications.Slot slot,
      Connection<M> conn,
      Executor conclusions) {
    this.server = server;
    this.decision = decision;
    this.client = client;
    this.slot = slot;
    this.conn = conn;
    this.conclusions = conclusions;
  }

  /** The upgrade's decision. */
  public Decision.AwaitingAuthentication decision() {
    return decision;
  }

  /**
   * The current phase; changed holding this object's monitor, except to {@link Phase#DONE} by
   * {@link #closed} (a transport may close holding a lock that a step holding the monitor waits
   * for).
   */
  public Phase phase() {
    return phase;
  }

  /** Arms the timeout of the first frame on {@code timer}; the tenant's, or the default. */
  public void awaitFirstFrame(ScheduledExecutorService timer) {
    TenantPolicy tenant = server.gate().tenants().get(decision.tenant());
    Duration limit =
        tenant == null
            ? TokenExtractors.DEFAULT_MESSAGE_TIMEOUT
            : tenant.firstMessageTimeout().orElse(TokenExtractors.DEFAULT_MESSAGE_TIMEOUT);
    try {
      Future<?> task =
          timer.schedule(
              () -> {
                synchronized (this) {
                  if (phase == Phase.WAITING) {
                    phase = Phase.DONE;
                    conn.close(Failure.MISSING_TOKEN.closeCode(), FirstMessage.REQUIRED);
                  }
                }
              },
              limit.toNanos(),
              TimeUnit.NANOSECONDS);
      synchronized (this) {
        timeout = task;
      }
    } catch (RejectedExecutionException e) {
      conn.close(GOING_AWAY, "server shutting down");
    }
  }

  /** A text message; {@code message} is the same as the transport holds or delivers it. */
  public synchronized void text(String text, M message) {
    switch (phase) {
      case WAITING -> begin(text);
      case VERIFYING -> holdOrClose(message);
      case DONE -> {
        if (admitted) {
          conn.deliver(message);
        }
      }
    }
  }

  /** Any other data message (binary, or a fragment): never an authentication frame. */
  public synchronized void binary(M message) {
    switch (phase) {
      case WAITING -> refuse();
      case VERIFYING -> holdOrClose(message);
      case DONE -> {
        if (admitted) {
          conn.deliver(message);
        }
      }
    }
  }

  /**
   * The connection closed: gives its pending-authentication slot back. Takes no monitor (see {@link
   * #phase()}).
   */
  public void closed() {
    phase = Phase.DONE;
    Future<?> t = timeout;
    if (t != null) {
      t.cancel(false);
    }
    slot.release();
  }

  /** The messages still held (the connection closed before they were delivered); emptied. */
  public synchronized List<M> discardHeld() {
    List<M> out = List.copyOf(held);
    held.clear();
    return out;
  }

  private void begin(String text) {
    Optional<String> token = FirstMessage.tokenOf(text);
    if (token.isEmpty()) {
      refuse();
      return;
    }
    phase = Phase.VERIFYING;
    cancelTimeout();
    String fingerprint = token.get().isEmpty() ? "-" : Redaction.fingerprint(token.get());
    Evaluation e = server.gate().authenticate(decision, token.get(), client);
    if (e instanceof Decision) {
      conclude(fingerprint, (Decision) e);
      return;
    }
    ((PendingVerification) e)
        .verify(server.verification())
        .thenAccept(
            d ->
                conclusions.execute(
                    () -> {
                      synchronized (this) {
                        conclude(fingerprint, d);
                      }
                    }));
  }

  private void refuse() {
    phase = Phase.DONE;
    cancelTimeout();
    conn.close(Failure.MISSING_TOKEN.closeCode(), FirstMessage.REQUIRED);
  }

  private void holdOrClose(M message) {
    if (held.size() < MAX_HELD) {
      held.add(message);
      return;
    }
    phase = Phase.DONE;
    conn.close(Failure.BAD_REQUEST.closeCode(), "wait for wsgate.authenticated before sending");
  }

  private void cancelTimeout() {
    Future<?> t = timeout;
    if (t != null) {
      t.cancel(false);
    }
  }

  /** Runs holding this object's monitor. */
  private void conclude(String fingerprint, Decision d) {
    if (phase != Phase.VERIFYING || !conn.isOpen()) {
      return; // closed meanwhile: closed() gives the slot back
    }
    phase = Phase.DONE;
    String tenant = decision.tenant();
    if (!(d instanceof Decision.Accepted)) {
      Failure failure =
          d instanceof Decision.Rejected ? ((Decision.Rejected) d).failure() : Failure.BAD_REQUEST;
      int code = RefreshFrames.closeCode(failure);
      conn.logged(fingerprint, failure, code);
      conn.close(code, "authentication refused: " + failure.logReason());
      return;
    }
    Decision.Accepted accepted = (Decision.Accepted) d;
    ConnectionCounter.Outcome o = server.connections().acquire(tenant, accepted.token().subject());
    if (o.permit().isEmpty()) {
      conn.logged(fingerprint, Failure.RATE_LIMITED, Failure.RATE_LIMITED.closeCode());
      conn.close(Failure.RATE_LIMITED.closeCode(), o.refusal());
      return;
    }
    conn.admit(accepted, o.permit().get());
    admitted = true;
    slot.release();
    if (!conn.isOpen()) {
      // closed between the check above and the admission: its close may not have seen the permit
      o.permit().get().release();
      return;
    }
    conn.logged(fingerprint, null, 0);
    conn.send(FirstMessage.authenticated(accepted.token()));
    conn.open(accepted);
    while (!held.isEmpty() && conn.isOpen()) {
      conn.deliver(held.remove(0)); // what a close leaves here, discardHeld() hands back
    }
  }
}
