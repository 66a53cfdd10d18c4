package dev.wsgate.adapter.spring;

import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.server.WebFilter;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * What applications without wsgate look like, written as Spring's guides and common tutorials show
 * (no {@code HandshakeGate} bean, so the starter stays out): a servlet endpoint with {@code
 * setAllowedOrigins} and an interceptor that returns false for a bad token, and a WebFlux endpoint
 * behind a {@code WebFilter} that answers 401. A token is good when it is {@code good}.
 */
final class HandWrittenApps {
  private HandWrittenApps() {}

  static ConfigurableApplicationContext start(Class<?> app, WebApplicationType type) {
    return new SpringApplicationBuilder(app)
        .web(type)
        // the starter is on this class path: keep it from raising the container's limits
        .properties(
            "server.port=0", "spring.main.banner-mode=off", "wsgate.handshake.max-bytes=1024")
        .run();
  }

  static int port(ConfigurableApplicationContext c) {
    return Integer.parseInt(c.getEnvironment().getProperty("local.server.port"));
  }

  /** Spring WebSocket on Tomcat with a hand-written interceptor. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableWebSocket
  static class Servlet implements WebSocketConfigurer {
    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
      registry
          .addHandler(
              new TextWebSocketHandler() {
                @Override
                protected void handleTextMessage(WebSocketSession s, TextMessage m)
                    throws Exception {
                  s.sendMessage(m);
                }
              },
              "/ws")
          .setAllowedOrigins(TestGate.ORIGIN)
          .addInterceptors(
              new HandshakeInterceptor() {
                @Override
                public boolean beforeHandshake(
                    ServerHttpRequest request,
                    ServerHttpResponse response,
                    org.springframework.web.socket.WebSocketHandler h,
                    Map<String, Object> attributes) {
                  String q = request.getURI().getQuery();
                  return q != null && q.startsWith("token=good");
                }

                @Override
                public void afterHandshake(
                    ServerHttpRequest request,
                    ServerHttpResponse response,
                    org.springframework.web.socket.WebSocketHandler h,
                    Exception e) {}
              });
    }
  }

  /** WebFlux on Reactor Netty with a hand-written filter. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Reactive {
    @Bean
    HandlerMapping webSocketMapping() {
      WebSocketHandler echo = session -> session.send(session.receive());
      return new SimpleUrlHandlerMapping(Map.of("/ws", echo), -1);
    }

    @Bean
    WebFilter tokenFilter() {
      return (exchange, chain) -> {
        String q = exchange.getRequest().getURI().getQuery();
        if (exchange.getRequest().getPath().value().equals("/ws")
            && (q == null || !q.startsWith("token=good"))) {
          exchange.getResponse().setStatusCode(HttpStatus.UNAUTHORIZED);
          return exchange.getResponse().setComplete();
        }
        return chain.filter(exchange);
      };
    }
  }
}
