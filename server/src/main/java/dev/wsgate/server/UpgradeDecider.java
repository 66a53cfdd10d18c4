package dev.wsgate.server;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.HandshakeRequest;
import dev.wsgate.gate.Headers;
import dev.wsgate.spi.Failure;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Set;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.handshake.ClientHandshake;

/**
 * Decides one upgrade request: transport checks (parsable, path, upgrade headers, version), then
 * the gate (which also applies the per-address failure limit), then the open-connection limits.
 * Returns the {@link Admission} or the {@link HttpRefusal} to answer, and logs the outcome.
 * Thread-safe.
 */
final class UpgradeDecider {
  private final Set<String> paths;
  private final GuardedGate gate;
  private final TrustedProxies proxies;
  private final ConnectionCounter connections;
  private final ServerMetrics metrics;

  UpgradeDecider(
      ServerConfig config, GuardedGate gate, ConnectionCounter connections, ServerMetrics metrics) {
    this.metrics = metrics;
    this.paths = config.paths();
    this.gate = gate;
    this.proxies = TrustedProxies.parse(config.trustedProxies());
    this.connections = connections;
  }

  /** {@link Admission} or {@link HttpRefusal}. */
  Object decide(WebSocket conn, Draft draft, ClientHandshake request) {
    long start = System.nanoTime();
    // the address alone, not the port: the gate's failure limit counts per client address
    String address = clientAddress(conn, request);
    HandshakeRequest hr =
        HandshakeRequest.of(request.getResourceDescriptor(), headers(request), address);
    HttpRefusal early = precheck(draft, request, hr.path());
    if (early != null) {
      HandshakeLog.refused(
          HandshakeLog.who(conn, address), request, early, "", "", millisSince(start));
      metrics.handshake(early.failure(), early.status(), "");
      return early;
    }
    Decision decision = gate.evaluate(hr);
    if (decision instanceof Decision.Accepted) {
      Decision.Accepted accepted = (Decision.Accepted) decision;
      ConnectionCounter.Outcome o =
          connections.acquire(accepted.tenant(), accepted.token().subject());
      if (o.permit().isEmpty()) {
        HttpRefusal full = HttpRefusal.of(Failure.RATE_LIMITED, o.refusal());
        HandshakeLog.refused(
            HandshakeLog.who(conn, address),
            request,
            full,
            accepted.tenant(),
            accepted.tokenFingerprint(),
            millisSince(start));
        metrics.handshake(full.failure(), full.status(), accepted.tenant());
        return full;
      }
      HandshakeLog.accepted(HandshakeLog.who(conn, address), request, accepted, millisSince(start));
      metrics.handshake(null, 101, accepted.tenant());
      return new Admission(accepted, address, o.permit().get());
    }
    Decision.Rejected rejected = (Decision.Rejected) decision;
    HttpRefusal refusal =
        rejected.failure() == Failure.RATE_LIMITED
            ? HttpRefusal.rateLimited(
                rejected.safeMessage(), gate.gate().retryAfterSeconds(address))
            : HttpRefusal.of(rejected.failure(), rejected.safeMessage());
    HandshakeLog.refused(
        HandshakeLog.who(conn, address),
        request,
        refusal,
        rejected.tenant(),
        rejected.tokenFingerprint(),
        millisSince(start));
    metrics.handshake(refusal.failure(), refusal.status(), rejected.tenant());
    return refusal;
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

  private HttpRefusal precheck(Draft draft, ClientHandshake request, String path) {
    if (!(draft instanceof GateDraft) || !((GateDraft) draft).parsed()) {
      return HttpRefusal.transport(400, "not a WebSocket upgrade request", Failure.BAD_REQUEST);
    }
    if (!paths.contains(path)) {
      return HttpRefusal.transport(404, "no WebSocket endpoint at this path", Failure.BAD_REQUEST);
    }
    if (!request.getFieldValue("Upgrade").toLowerCase(Locale.ROOT).contains("websocket")
        || request.getFieldValue("Sec-WebSocket-Key").isBlank()) {
      return HttpRefusal.transport(400, "not a WebSocket upgrade request", Failure.BAD_REQUEST);
    }
    if (!request.getFieldValue("Sec-WebSocket-Version").trim().equals("13")) {
      return HttpRefusal.transport(
          426, "unsupported Sec-WebSocket-Version; use 13", Failure.BAD_REQUEST);
    }
    return null;
  }

  private static Headers headers(ClientHandshake request) {
    // GateDraft parses every request into an UpgradeRequest; any other draft is refused above
    return request instanceof UpgradeRequest
        ? ((UpgradeRequest) request).headers()
        : Headers.empty();
  }
}
