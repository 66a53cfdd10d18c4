package dev.wsgate.adapter.spring;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.beans.factory.config.InstantiationAwareBeanPostProcessor;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.handler.ExceptionWebSocketHandlerDecorator;
import org.springframework.web.socket.handler.LoggingWebSocketHandlerDecorator;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.support.OriginHandshakeInterceptor;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;
import org.springframework.web.socket.sockjs.support.SockJsHttpRequestHandler;
import org.springframework.web.socket.sockjs.transport.TransportHandlingSockJsService;

/**
 * Puts the gate in front of every WebSocket endpoint the application registers on the servlet stack
 * ({@code WebSocketConfigurer}, STOMP's {@code StompEndpointRegistry}, or a hand-made {@code
 * SimpleUrlHandlerMapping}), unless {@code wsgate.spring.paths} leaves its path out.
 *
 * <p>Spring builds each endpoint as a {@link WebSocketHttpRequestHandler} in a {@link
 * SimpleUrlHandlerMapping}'s URL map, and registers the map's handlers when the mapping gets its
 * application context. This post-processor runs just before that, after the mapping bean is
 * instantiated, and replaces each endpoint's handler by one with the gate's interceptor first, the
 * {@link GatedHandshakeHandler} around Spring's handshake handler, and without Spring's {@link
 * OriginHandshakeInterceptor}: the gate checks the origin with the tenant's policy ({@code
 * wsgate.origins}), and Spring's same-origin default would refuse every page the policy allows on
 * another origin. SockJS endpoints get the gate's interceptor first in their service, which then
 * leaves origins to the gate.
 */
final class ServletEndpointDecorator implements InstantiationAwareBeanPostProcessor {
  private static final System.Logger LOG =
      System.getLogger(ServletEndpointDecorator.class.getName());

  private final GatedPaths paths;
  private final Supplier<HandshakeGuard> guard;
  private final Supplier<WsgateSessions> sessions;

  ServletEndpointDecorator(
      GatedPaths paths, Supplier<HandshakeGuard> guard, Supplier<WsgateSessions> sessions) {
    this.paths = paths;
    this.guard = guard;
    this.sessions = sessions;
  }

  @Override
  public boolean postProcessAfterInstantiation(Object bean, String beanName) {
    if (bean instanceof SimpleUrlHandlerMapping) {
      decorate((SimpleUrlHandlerMapping) bean, beanName);
    }
    return true;
  }

  private void decorate(SimpleUrlHandlerMapping mapping, String beanName) {
    @SuppressWarnings("unchecked")
    Map<String, Object> urls = (Map<String, Object>) mapping.getUrlMap();
    Map<String, Object> replaced = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : urls.entrySet()) {
      Object handler = e.getValue();
      boolean endpoint =
          handler instanceof WebSocketHttpRequestHandler
              || handler instanceof SockJsHttpRequestHandler;
      if (!endpoint) {
        continue;
      }
      if (!paths.gates(e.getKey())) {
        LOG.log(Level.INFO, "WebSocket endpoint " + e.getKey() + " is not gated: " + paths);
        continue;
      }
      if (handler instanceof WebSocketHttpRequestHandler) {
        WebSocketHttpRequestHandler h = (WebSocketHttpRequestHandler) handler;
        if (!(h.getHandshakeHandler() instanceof GatedHandshakeHandler)) {
          replaced.put(e.getKey(), gated(h));
        }
      } else {
        gate((SockJsHttpRequestHandler) handler, e.getKey());
      }
    }
    urls.putAll(replaced);
    if (!replaced.isEmpty()) {
      LOG.log(
          Level.DEBUG, () -> "gated WebSocket endpoints " + replaced.keySet() + " of " + beanName);
    }
  }

  private WebSocketHttpRequestHandler gated(WebSocketHttpRequestHandler h) {
    WebSocketHttpRequestHandler gated =
        new WebSocketHttpRequestHandler(
            undecorated(h.getWebSocketHandler()),
            new GatedHandshakeHandler(h.getHandshakeHandler(), sessions));
    gated.setHandshakeInterceptors(interceptors(h.getHandshakeInterceptors(), false));
    return gated;
  }

  private void gate(SockJsHttpRequestHandler h, String path) {
    if (!(h.getSockJsService() instanceof TransportHandlingSockJsService)) {
      throw new IllegalStateException(
          "cannot gate the SockJS endpoint "
              + path
              + ": its service is a "
              + h.getSockJsService().getClass().getName()
              + "; leave it out with wsgate.spring.paths or use Spring's default SockJS service");
    }
    TransportHandlingSockJsService service = (TransportHandlingSockJsService) h.getSockJsService();
    if (service.getHandshakeInterceptors().stream()
        .noneMatch(i -> i instanceof GateHandshakeInterceptor)) {
      service.setHandshakeInterceptors(interceptors(service.getHandshakeInterceptors(), true));
      // The gate checks the origin of every request that opens a session, with the tenant's
      // policy; SockJS's own check (same-origin by default) would refuse first. Requests on an
      // open session carry its random id in the path, which only the client that passed the gate
      // knows.
      service.setAllowedOriginPatterns(List.of("*"));
    }
  }

  private List<HandshakeInterceptor> interceptors(List<HandshakeInterceptor> own, boolean sockJs) {
    List<HandshakeInterceptor> all = new ArrayList<>();
    all.add(new GateHandshakeInterceptor(guard, sockJs));
    for (HandshakeInterceptor i : own) {
      if (!(i instanceof OriginHandshakeInterceptor)) {
        all.add(i);
      }
    }
    return all;
  }

  /**
   * The application's handler without the two decorators {@link WebSocketHttpRequestHandler} adds,
   * which the replacement adds again.
   */
  private static WebSocketHandler undecorated(WebSocketHandler h) {
    if (h.getClass() == ExceptionWebSocketHandlerDecorator.class) {
      WebSocketHandler inner = ((ExceptionWebSocketHandlerDecorator) h).getDelegate();
      if (inner.getClass() == LoggingWebSocketHandlerDecorator.class) {
        return ((LoggingWebSocketHandlerDecorator) inner).getDelegate();
      }
    }
    return h;
  }
}
