package dev.wsgate.adapter.spring;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.HandshakeRequest;
import dev.wsgate.gate.OpeningHandshake;
import dev.wsgate.internal.servlet.ServletHandshakeRequests;
import dev.wsgate.internal.servlet.ServletRefusals;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * The first interceptor of every gated servlet endpoint: runs the gate before anything else looks
 * at the request. A refusal is written at once, as the gate's {@link dev.wsgate.gate.Refusal}
 * stands (status, {@code Connection: close}, the bearer challenge on 401, a plain-text reason), and
 * the handshake stops; an acceptance puts the identity into the handshake attributes for the {@link
 * GatedHandshakeHandler} and the application.
 *
 * <p>A verifier that may block (a key fetch, token introspection) runs on the verification executor
 * while this container thread waits for its decision, at most the gate's verify timeout: a servlet
 * upgrade cannot be completed from another thread (Tomcat upgrades the request on the thread that
 * serves it, and an async servlet request cannot be upgraded).
 */
final class GateHandshakeInterceptor implements HandshakeInterceptor {
  private final Supplier<HandshakeGuard> guard;
  private final boolean sockJs;

  /**
   * @param sockJs whether the endpoint is a SockJS one, whose HTTP transports (not upgrades) open
   *     sessions too: those skip the opening-handshake checks and go through the gate alone
   */
  GateHandshakeInterceptor(Supplier<HandshakeGuard> guard, boolean sockJs) {
    this.guard = guard;
    this.sockJs = sockJs;
  }

  @Override
  public boolean beforeHandshake(
      ServerHttpRequest request,
      ServerHttpResponse response,
      WebSocketHandler wsHandler,
      Map<String, Object> attributes)
      throws Exception {
    HttpServletRequest req = ((ServletServerHttpRequest) request).getServletRequest();
    HttpServletResponse res = ((ServletServerHttpResponse) response).getServletResponse();
    HandshakeRequest handshake = ServletHandshakeRequests.from(req);
    HandshakeGuard g = guard.get();
    Decision decision =
        sockJs && !OpeningHandshake.isUpgradeAttempt(req.getMethod(), handshake.headers())
            ? g.decideWithoutUpgrade(handshake).toCompletableFuture().join()
            : g.decide(req.getMethod(), handshake).toCompletableFuture().join();
    if (decision instanceof Decision.Rejected) {
      ServletRefusals.write(res, ((Decision.Rejected) decision).refusal());
      return false;
    }
    Admission.of((Decision.Accepted) decision).putInto(attributes);
    return true;
  }

  @Override
  public void afterHandshake(
      ServerHttpRequest request,
      ServerHttpResponse response,
      WebSocketHandler wsHandler,
      Exception exception) {}
}
