package dev.wsgate.adapter.spring;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.HandshakeRequest;
import java.util.function.Supplier;
import org.springframework.context.Lifecycle;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Spring WebFlux's {@link WebSocketService} with the gate in front: every upgrade that reaches a
 * {@link WebSocketHandler} (unless {@code wsgate.spring.paths} leaves its path out) is decided by
 * the gate before the upgrade. A refusal is written as the gate's {@link dev.wsgate.gate.Refusal}
 * stands; an acceptance continues to the wrapped service with the gate's principal, only the
 * selected subprotocol offered, and the application's handler wrapped in a {@link
 * GatedReactiveHandler}. A verifier that may block completes on the verification executor; the
 * event loop never waits for it.
 */
final class GatedWebSocketService implements WebSocketService, Lifecycle {
  private final WebSocketService delegate;
  private final GatedPaths paths;
  private final Supplier<HandshakeGuard> guard;
  private final Supplier<WsgateSessions> sessions;

  GatedWebSocketService(
      WebSocketService delegate,
      GatedPaths paths,
      Supplier<HandshakeGuard> guard,
      Supplier<WsgateSessions> sessions) {
    this.delegate = delegate;
    this.paths = paths;
    this.guard = guard;
    this.sessions = sessions;
  }

  @Override
  public Mono<Void> handleRequest(ServerWebExchange exchange, WebSocketHandler handler) {
    ServerHttpRequest request = exchange.getRequest();
    if (!paths.gates(request.getPath().pathWithinApplication().value())) {
      return delegate.handleRequest(exchange, handler);
    }
    HandshakeRequest handshake =
        new HandshakeRequest(
            request.getURI().getRawPath() == null ? "/" : request.getURI().getRawPath(),
            request.getURI().getRawQuery() == null ? "" : request.getURI().getRawQuery(),
            SpringHeaders.of(request.getHeaders()),
            SpringHeaders.address(request.getRemoteAddress()));
    HandshakeGuard g = guard.get();
    return Mono.fromCompletionStage(() -> g.decide(request.getMethod().name(), handshake))
        .flatMap(
            decision -> {
              if (decision instanceof Decision.Rejected) {
                return ReactiveRefusals.write(
                    exchange.getResponse(), ((Decision.Rejected) decision).refusal());
              }
              Decision.Accepted accepted = (Decision.Accepted) decision;
              Admission admission = Admission.of(accepted);
              ServerWebExchange gated =
                  exchange
                      .mutate()
                      .request(
                          r ->
                              r.headers(
                                  h -> {
                                    h.remove(SpringHeaders.PROTOCOL);
                                    accepted
                                        .subprotocol()
                                        .ifPresent(p -> h.set(SpringHeaders.PROTOCOL, p));
                                  }))
                      .principal(Mono.just(Principals.of(accepted.token())))
                      .build();
              return delegate.handleRequest(
                  gated, new GatedReactiveHandler(handler, admission, sessions.get()));
            });
  }

  @Override
  public void start() {
    if (delegate instanceof Lifecycle) {
      ((Lifecycle) delegate).start();
    }
  }

  @Override
  public void stop() {
    if (delegate instanceof Lifecycle) {
      ((Lifecycle) delegate).stop();
    }
  }

  @Override
  public boolean isRunning() {
    return !(delegate instanceof Lifecycle) || ((Lifecycle) delegate).isRunning();
  }
}
