package dev.wsgate.adapter.spring;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.Refusal;
import dev.wsgate.internal.servlet.GatedServletRequest;
import dev.wsgate.internal.servlet.ServletRefusals;
import dev.wsgate.spi.Failure;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.context.Lifecycle;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.context.ServletContextAware;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.HandshakeHandler;

/**
 * Wraps the handshake handler Spring built for an endpoint: hands it the request the gate accepted
 * as a {@link GatedServletRequest} (the gate's principal, only the selected subprotocol offered)
 * and the application's handler as a {@link GatedWebSocketHandler} (which supports exactly that
 * subprotocol and tracks the session), so that Spring performs the upgrade as the gate decided.
 */
final class GatedHandshakeHandler implements HandshakeHandler, Lifecycle, ServletContextAware {
  private final HandshakeHandler delegate;
  private final Supplier<WsgateSessions> sessions;

  GatedHandshakeHandler(HandshakeHandler delegate, Supplier<WsgateSessions> sessions) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.sessions = sessions;
  }

  HandshakeHandler delegate() {
    return delegate;
  }

  @Override
  public boolean doHandshake(
      ServerHttpRequest request,
      ServerHttpResponse response,
      WebSocketHandler wsHandler,
      Map<String, Object> attributes)
      throws HandshakeFailureException {
    Object a = attributes.remove(Admission.ATTRIBUTE);
    if (!(a instanceof Admission)) {
      // only the gate's interceptor, which runs first, puts an admission there
      refuse(response);
      return false;
    }
    Admission admission = (Admission) a;
    Decision.Accepted accepted = admission.accepted();
    HttpServletRequest original = ((ServletServerHttpRequest) request).getServletRequest();
    ServletServerHttpRequest gated =
        new ServletServerHttpRequest(
            new GatedServletRequest(
                original, Principals.of(accepted.token()), accepted.subprotocol()));
    return delegate.doHandshake(
        gated,
        response,
        new GatedWebSocketHandler(wsHandler, admission, sessions.get()),
        attributes);
  }

  private static void refuse(ServerHttpResponse response) {
    try {
      ServletRefusals.write(
          ((ServletServerHttpResponse) response).getServletResponse(),
          Refusal.of(Failure.INTERNAL_ERROR, "the upgrade did not pass the gate"));
    } catch (IOException e) {
      throw new HandshakeFailureException("cannot write the refusal", e);
    }
  }

  @Override
  public void setServletContext(ServletContext servletContext) {
    if (delegate instanceof ServletContextAware) {
      ((ServletContextAware) delegate).setServletContext(servletContext);
    }
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
