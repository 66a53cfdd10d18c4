package dev.wsgate.adapter.javawebsocket;

import dev.wsgate.adapter.javawebsocket.internal.upgrade.Admission;
import dev.wsgate.adapter.javawebsocket.internal.upgrade.Authenticating;
import dev.wsgate.adapter.javawebsocket.internal.upgrade.ConnectionCounter;
import dev.wsgate.adapter.javawebsocket.internal.upgrade.GatedWebSocket;
import dev.wsgate.adapter.javawebsocket.internal.upgrade.HandshakeLog;
import dev.wsgate.gate.Decision;
import dev.wsgate.gate.Evaluation;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.PendingVerification;
import dev.wsgate.gate.Redaction;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.TokenExtractors;
import dev.wsgate.spi.Failure;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.java_websocket.framing.CloseFrame;

/**
 * First-message authentication for {@link GatedWebSocketServer}: a connection upgraded without a
 * token ({@link Decision.AwaitingAuthentication}) must send {@code
 * {"type":"wsgate.auth","token":"…"}} first, within its tenant's timeout. The token is judged by
 * {@link HandshakeGate#authenticate}; an accepted one takes its share of the connection limits, is
 * acknowledged with {@code {"type":"wsgate.authenticated","exp":…}}, and only then does the
 * application see the connection open, followed by any messages that arrived meanwhile. Anything
 * else closes the connection: 4001 "authentication required" for no frame in time or another first
 * frame, the failure's code for a refused token (as a refused in-band refresh). Thread-safe; each
 * step runs under the connection's {@link Authenticating} monitor.
 */
final class FirstMessageAuthentication {
  private final GatedWebSocketServer server;
  private final HandshakeGate gate;
  private final ConnectionCounter connections;
  private final Executor verification;

  FirstMessageAuthentication(
      GatedWebSocketServer server,
      HandshakeGate gate,
      ConnectionCounter connections,
      Executor verification) {
    this.server = server;
    this.gate = gate;
    this.connections = connections;
    this.verification = verification;
  }

  /** Arms the timeout of a connection the hook let through without a token. */
  void awaitFirstFrame(GatedWebSocket conn, Authenticating a, ScheduledExecutorService timer) {
    TenantPolicy tenant = gate.tenants().get(a.admission().decision().tenant());
    Duration timeout =
        tenant == null
            ? TokenExtractors.DEFAULT_MESSAGE_TIMEOUT
            : tenant.firstMessageTimeout().orElse(TokenExtractors.DEFAULT_MESSAGE_TIMEOUT);
    try {
      a.timeout(
          timer.schedule(
              () -> {
                synchronized (a) {
                  if (a.phase() == Authenticating.Phase.WAITING) {
                    a.phase(Authenticating.Phase.DONE);
                    conn.close(Failure.MISSING_TOKEN.closeCode(), FirstMessage.REQUIRED);
                  }
                }
              },
              timeout.toMillis(),
              TimeUnit.MILLISECONDS));
    } catch (RejectedExecutionException e) {
      conn.close(CloseFrame.GOING_AWAY, "server shutting down");
    }
  }

  /** A text message on a connection that authenticates by first message. */
  void text(GatedWebSocket conn, Authenticating a, String message) {
    synchronized (a) {
      switch (a.phase()) {
        case WAITING -> begin(conn, a, message);
        case VERIFYING -> holdOrClose(conn, a, message);
        case DONE -> {
          if (conn.admission().isPresent()) {
            server.onAcceptedText(conn, message);
          }
        }
      }
    }
  }

  /** A binary message on a connection that authenticates by first message. */
  void binary(GatedWebSocket conn, Authenticating a, ByteBuffer message) {
    synchronized (a) {
      switch (a.phase()) {
        case WAITING -> refuse(conn, a);
        case VERIFYING -> holdOrClose(conn, a, message);
        case DONE -> {
          if (conn.admission().isPresent()) {
            server.onAcceptedBinary(conn, message);
          }
        }
      }
    }
  }

  /** The connection closed: gives its pending-authentication slot back. */
  void closed(Authenticating a) {
    // not under a's monitor: this runs with the socket's lock held, and a step holding the monitor
    // may be waiting for that lock to send or close
    a.phase(Authenticating.Phase.DONE);
    a.cancelTimeout();
    a.admission().slot().release();
  }

  private void begin(GatedWebSocket conn, Authenticating a, String message) {
    Optional<String> token = FirstMessage.tokenOf(message);
    if (token.isEmpty()) {
      refuse(conn, a);
      return;
    }
    a.phase(Authenticating.Phase.VERIFYING);
    a.cancelTimeout();
    String fingerprint = token.get().isEmpty() ? "-" : Redaction.fingerprint(token.get());
    Admission.Awaiting awaiting = a.admission();
    Evaluation e = gate.authenticate(awaiting.decision(), token.get(), awaiting.client());
    if (e instanceof Decision) {
      conclude(conn, a, fingerprint, (Decision) e);
    } else {
      ((PendingVerification) e)
          .verify(verification)
          .thenAccept(
              d -> {
                synchronized (a) {
                  conclude(conn, a, fingerprint, d);
                }
              });
    }
  }

  private void refuse(GatedWebSocket conn, Authenticating a) {
    a.phase(Authenticating.Phase.DONE);
    a.cancelTimeout();
    conn.close(Failure.MISSING_TOKEN.closeCode(), FirstMessage.REQUIRED);
  }

  private static void holdOrClose(GatedWebSocket conn, Authenticating a, Object message) {
    if (!a.hold(message)) {
      a.phase(Authenticating.Phase.DONE);
      conn.close(CloseFrame.POLICY_VALIDATION, "wait for wsgate.authenticated before sending");
    }
  }

  /** Runs holding {@code a}'s monitor. */
  private void conclude(GatedWebSocket conn, Authenticating a, String fingerprint, Decision d) {
    if (a.phase() != Authenticating.Phase.VERIFYING || !conn.isOpen()) {
      return; // closed meanwhile: closed() gives the slot back
    }
    a.phase(Authenticating.Phase.DONE);
    Admission.Awaiting awaiting = a.admission();
    String tenant = awaiting.decision().tenant();
    if (!(d instanceof Decision.Accepted)) {
      Failure failure =
          d instanceof Decision.Rejected ? ((Decision.Rejected) d).failure() : Failure.BAD_REQUEST;
      int code = dev.wsgate.gate.RefreshFrames.closeCode(failure);
      HandshakeLog.authenticated(awaiting.client(), tenant, fingerprint, failure, code);
      conn.close(code, "authentication refused: " + failure.logReason());
      return;
    }
    Decision.Accepted accepted = (Decision.Accepted) d;
    ConnectionCounter.Outcome o = connections.acquire(tenant, accepted.token().subject());
    if (o.permit().isEmpty()) {
      HandshakeLog.authenticated(
          awaiting.client(),
          tenant,
          fingerprint,
          Failure.RATE_LIMITED,
          Failure.RATE_LIMITED.closeCode());
      conn.close(Failure.RATE_LIMITED.closeCode(), o.refusal());
      return;
    }
    conn.admit(new Admission(accepted, awaiting.client(), o.permit().get()));
    awaiting.slot().release();
    if (!conn.isOpen()) {
      // closed between the check above and the admission: onClose may not have seen the permit
      o.permit().get().release();
      return;
    }
    HandshakeLog.authenticated(awaiting.client(), tenant, fingerprint, null, 0);
    conn.send(FirstMessage.authenticated(accepted.token()));
    server.openAccepted(conn, a.request(), accepted);
    for (Object m : a.drain()) {
      if (!conn.isOpen()) {
        break;
      }
      if (m instanceof String) {
        server.onAcceptedText(conn, (String) m);
      } else {
        server.onAcceptedBinary(conn, (ByteBuffer) m);
      }
    }
  }
}
