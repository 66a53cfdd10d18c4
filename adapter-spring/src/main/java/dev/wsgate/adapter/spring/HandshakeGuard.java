package dev.wsgate.adapter.spring;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.Evaluation;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.HandshakeRequest;
import dev.wsgate.gate.OpeningHandshake;
import dev.wsgate.gate.PendingVerification;
import dev.wsgate.gate.TrustedProxies;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The one pass every gated upgrade makes on either stack: the transport's checks of the opening
 * handshake ({@link OpeningHandshake}), then the gate ({@link HandshakeGate#begin}); a verification
 * that may block is completed on the verification executor. Reports each answer once (a log line at
 * DEBUG without the token, and {@link GateEvents}). Thread-safe.
 */
final class HandshakeGuard {
  private static final System.Logger LOG = System.getLogger(HandshakeGuard.class.getName());

  private final HandshakeGate gate;
  private final Executor verification;
  private final GateEvents events;
  private final TrustedProxies proxies;

  /**
   * @param verification where verifiers that may block run; the decision of such a verification
   *     completes there
   * @param proxies the proxies whose {@code X-Forwarded-For} names the client ({@code
   *     wsgate.trusted-proxies}); empty, the client is the address the container reports
   */
  HandshakeGuard(
      HandshakeGate gate, Executor verification, GateEvents events, TrustedProxies proxies) {
    this.gate = Objects.requireNonNull(gate, "gate");
    this.verification = Objects.requireNonNull(verification, "verification");
    this.events = Objects.requireNonNull(events, "events");
    this.proxies = Objects.requireNonNull(proxies, "proxies");
  }

  HandshakeGate gate() {
    return gate;
  }

  Executor verification() {
    return verification;
  }

  GateEvents events() {
    return events;
  }

  /**
   * The decision for one upgrade request; completes at once unless the tenant's verifier may block.
   * Never completes exceptionally.
   */
  CompletionStage<Decision> decide(String method, HandshakeRequest request) {
    return decide(OpeningHandshake.problem(method, request.headers()), request);
  }

  /**
   * The gate's decision for a request that opens a session without an upgrade (a SockJS HTTP
   * transport), which the opening-handshake checks would refuse.
   */
  CompletionStage<Decision> decideWithoutUpgrade(HandshakeRequest request) {
    return decide(Optional.empty(), request);
  }

  private CompletionStage<Decision> decide(
      Optional<Decision.Rejected> problem, HandshakeRequest received) {
    HandshakeRequest request = fromClient(received);
    Evaluation e = problem.isPresent() ? problem.get() : gate.begin(request);
    CompletionStage<Decision> decided =
        e instanceof Decision
            ? CompletableFuture.completedFuture((Decision) e)
            : ((PendingVerification) e).verify(verification);
    return decided.thenApply(d -> answered(d, request));
  }

  /**
   * The request with the client's address in place of the peer's when the peer is a trusted proxy.
   */
  private HandshakeRequest fromClient(HandshakeRequest request) {
    if (proxies.isEmpty() || request.remoteAddress().isEmpty()) {
      return request;
    }
    String client =
        proxies.clientAddress(
            request.remoteAddress(), String.join(", ", request.headers().all("X-Forwarded-For")));
    return client.equals(request.remoteAddress())
        ? request
        : new HandshakeRequest(request.path(), request.rawQuery(), request.headers(), client);
  }

  private Decision answered(Decision d, HandshakeRequest request) {
    events.answered(d);
    if (d instanceof Decision.Rejected) {
      Decision.Rejected r = (Decision.Rejected) d;
      LOG.log(
          Level.DEBUG,
          () ->
              "handshake rejected: "
                  + r.failure().metricLabel()
                  + " tenant="
                  + r.tenant()
                  + " token="
                  + r.tokenFingerprint()
                  + " path="
                  + request.path()
                  + " remote="
                  + request.remoteAddress());
    } else {
      LOG.log(
          Level.DEBUG,
          () ->
              "handshake accepted: tenant="
                  + d.tenant()
                  + " token="
                  + d.tokenFingerprint()
                  + " path="
                  + request.path()
                  + " remote="
                  + request.remoteAddress());
    }
    return d;
  }
}
