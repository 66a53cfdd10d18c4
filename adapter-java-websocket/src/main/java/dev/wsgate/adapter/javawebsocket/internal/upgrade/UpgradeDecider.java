package dev.wsgate.adapter.javawebsocket.internal.upgrade;

import dev.wsgate.adapter.javawebsocket.ServerConfig;
import dev.wsgate.gate.Decision;
import dev.wsgate.gate.Evaluation;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.HandshakeRequest;
import dev.wsgate.gate.PendingVerification;
import dev.wsgate.gate.TicketEndpoint;
import dev.wsgate.gate.TransportRefusals;
import dev.wsgate.gate.TrustedProxies;
import dev.wsgate.internal.ConnectionCounter;
import dev.wsgate.internal.firstmessage.PendingAuthentications;
import dev.wsgate.spi.Failure;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Set;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.handshake.ClientHandshake;
import org.jspecify.annotations.Nullable;

/**
 * Decides one upgrade request in two steps. {@link #begin}, on the decoder thread as soon as the
 * request is complete: the transport's checks (path, upgrade headers, version), then the gate's
 * {@link HandshakeGate#begin} (which also applies the per-address failure limit); never blocks.
 * {@link #finish}, in the handshake hook with the decision: the open-connection limits, then the
 * {@link Admission} or the {@link HttpRefusal} to answer, one log line and the metrics.
 * Thread-safe.
 */
public final class UpgradeDecider {
  private final Set<String> paths;
  private final HandshakeGate gate;
  private final TrustedProxies proxies;
  private final ConnectionCounter connections;
  private final HandshakeCounter metrics;
  private final TicketEndpoint tickets;
  private final PendingAuthentications pending;

  public UpgradeDecider(
      ServerConfig config,
      HandshakeGate gate,
      ConnectionCounter connections,
      HandshakeCounter metrics) {
    this.metrics = metrics;
    this.tickets = new TicketEndpoint(gate);
    this.pending =
        new PendingAuthentications(
            config.limits().maxPendingAuthentications(),
            config.limits().maxPendingAuthenticationsPerAddress());
    this.paths = config.paths();
    this.gate = gate;
    this.proxies = TrustedProxies.parse(config.trustedProxies());
    this.connections = connections;
  }

  /** The transport's checks, then the gate's first step. Never blocks, never throws. */
  public Evaluation begin(WebSocket conn, UpgradeRequest request) {
    if (request == UpgradeRequest.UNPARSABLE) {
      return notAnUpgrade();
    }
    HandshakeRequest hr =
        HandshakeRequest.of(
            request.getResourceDescriptor(), request.headers(), clientAddress(conn, request));
    if (!request.method().equals("GET")) {
      HandshakeRequest ticket = ticketRequest(hr);
      if (ticket == null) {
        return notAnUpgrade();
      }
      // a preflight needs no verification: finish answers it
      return request.method().equals("POST") ? tickets.begin(ticket) : notAnUpgrade();
    }
    Decision.Rejected early = precheck(request, hr.path());
    return early != null ? early : gate.begin(hr);
  }

  /** {@link TicketEndpoint#asUpgradePath} for this server's upgrade paths; null for others. */
  private @Nullable HandshakeRequest ticketRequest(HandshakeRequest hr) {
    return TicketEndpoint.asUpgradePath(hr, paths).orElse(null);
  }

  /**
   * {@link Admission} or {@link HttpRefusal} for {@code request}.
   *
   * @param begun what {@link #begin} decided for it (after its verification, if it waited); null
   *     when it was not begun, and then it is decided here, waiting for a verifier if it must
   * @param beganNanos when deciding began, for the logged latency
   */
  public Object finish(
      WebSocket conn,
      Draft draft,
      ClientHandshake request,
      @Nullable Decision begun,
      long beganNanos) {
    String address = clientAddress(conn, request);
    Decision decision;
    if (!(draft instanceof GateDraft)
        || !((GateDraft) draft).parsed()
        || !(request instanceof UpgradeRequest)) {
      decision = notAnUpgrade();
    } else if (begun != null) {
      decision = begun;
    } else {
      Evaluation e = begin(conn, (UpgradeRequest) request);
      decision =
          e instanceof Decision
              ? (Decision) e
              : ((PendingVerification) e).verify(Runnable::run).toCompletableFuture().join();
    }
    HandshakeRequest ticket =
        request instanceof UpgradeRequest && !((UpgradeRequest) request).method().equals("GET")
            ? ticketRequest(
                HandshakeRequest.of(
                    request.getResourceDescriptor(), ((UpgradeRequest) request).headers(), address))
            : null;
    if (ticket != null) {
      return answerTicketRequest(conn, (UpgradeRequest) request, ticket, decision, address);
    }
    if (decision instanceof Decision.AwaitingAuthentication) {
      Decision.AwaitingAuthentication awaiting = (Decision.AwaitingAuthentication) decision;
      java.util.Optional<PendingAuthentications.Slot> slot = pending.acquire(address);
      if (slot.isPresent()) {
        HandshakeLog.awaiting(
            HandshakeLog.who(conn, address), request, awaiting, millisSince(beganNanos));
        metrics.handshake(null, 101, awaiting.tenant());
        return new Admission.Awaiting(awaiting, address, slot.get());
      }
      decision = PendingAuthentications.refusal(awaiting.tenant());
    }
    if (decision instanceof Decision.Accepted) {
      Decision.Accepted accepted = (Decision.Accepted) decision;
      ConnectionCounter.Outcome o =
          connections.acquire(accepted.tenant(), accepted.token().subject());
      if (o.permit().isPresent()) {
        HandshakeLog.accepted(
            HandshakeLog.who(conn, address), request, accepted, millisSince(beganNanos));
        metrics.handshake(null, 101, accepted.tenant());
        return new Admission(accepted, address, o.permit().get());
      }
      decision =
          new Decision.Rejected(
              Failure.RATE_LIMITED, o.refusal(), accepted.tenant(), accepted.tokenFingerprint());
    }
    Decision.Rejected rejected = (Decision.Rejected) decision;
    HandshakeLog.refused(
        HandshakeLog.who(conn, address), request, rejected, millisSince(beganNanos));
    metrics.handshake(rejected.failure(), rejected.refusal().status(), rejected.tenant());
    return new HttpRefusal(rejected);
  }

  /** The ticket endpoint's answer: a preflight, a ticket, or a refusal with CORS headers. */
  private HttpRefusal answerTicketRequest(
      WebSocket conn,
      UpgradeRequest request,
      HandshakeRequest ticket,
      Decision decision,
      String address) {
    dev.wsgate.gate.HttpAnswer answer =
        request.method().equals("OPTIONS")
            ? tickets.preflight(ticket)
            : tickets.answer(decision, ticket);
    HandshakeLog.ticket(
        HandshakeLog.who(conn, address), request.method(), answer.status(), decision);
    if (decision instanceof Decision.Rejected && request.method().equals("POST")) {
      Decision.Rejected r = (Decision.Rejected) decision;
      metrics.handshake(r.failure(), r.refusal().status(), r.tenant());
    }
    return HttpRefusal.answer(answer);
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private String clientAddress(WebSocket conn, ClientHandshake request) {
    InetSocketAddress peer = conn.getRemoteSocketAddress();
    if (peer == null || peer.getAddress() == null) {
      return "-";
    }
    return proxies.isEmpty()
        ? peer.getAddress().getHostAddress()
        : proxies.clientAddress(peer.getAddress(), request.getFieldValue("X-Forwarded-For"));
  }

  private static Decision.Rejected notAnUpgrade() {
    return TransportRefusals.notAnUpgrade();
  }

  private Decision.@Nullable Rejected precheck(UpgradeRequest request, String path) {
    if (!paths.contains(path)) {
      return TransportRefusals.noEndpoint();
    }
    if (!request.getFieldValue("Upgrade").toLowerCase(Locale.ROOT).contains("websocket")
        || request.getFieldValue("Sec-WebSocket-Key").isBlank()) {
      return notAnUpgrade();
    }
    if (!request.getFieldValue("Sec-WebSocket-Version").trim().equals("13")) {
      return TransportRefusals.unsupportedVersion();
    }
    return null;
  }
}
