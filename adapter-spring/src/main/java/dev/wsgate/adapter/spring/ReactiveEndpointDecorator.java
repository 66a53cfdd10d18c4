package dev.wsgate.adapter.spring;

import java.util.function.Supplier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;

/**
 * Puts the gate in front of every WebFlux WebSocket endpoint: each {@link WebSocketHandlerAdapter}
 * bean (the one WebFlux configures, or the application's own) is replaced by one whose {@code
 * WebSocketService} is a {@link GatedWebSocketService} around the original. Every request routed to
 * a {@code WebSocketHandler} passes the adapter, whatever mapping routed it.
 */
final class ReactiveEndpointDecorator implements BeanPostProcessor {
  private final GatedPaths paths;
  private final Supplier<HandshakeGuard> guard;
  private final Supplier<WsgateSessions> sessions;

  ReactiveEndpointDecorator(
      GatedPaths paths, Supplier<HandshakeGuard> guard, Supplier<WsgateSessions> sessions) {
    this.paths = paths;
    this.guard = guard;
    this.sessions = sessions;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof WebSocketHandlerAdapter)) {
      return bean;
    }
    WebSocketHandlerAdapter adapter = (WebSocketHandlerAdapter) bean;
    if (adapter.getWebSocketService() instanceof GatedWebSocketService) {
      return bean;
    }
    if (adapter.getClass() != WebSocketHandlerAdapter.class) {
      throw new IllegalStateException(
          "cannot gate the WebSocketHandlerAdapter bean "
              + beanName
              + " of "
              + adapter.getClass().getName()
              + ": declare a plain WebSocketHandlerAdapter (or none: WebFlux configures one)");
    }
    WebSocketHandlerAdapter gated =
        new WebSocketHandlerAdapter(
            new GatedWebSocketService(adapter.getWebSocketService(), paths, guard, sessions));
    gated.setOrder(adapter.getOrder());
    return gated;
  }
}
