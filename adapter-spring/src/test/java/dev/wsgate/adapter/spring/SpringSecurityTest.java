package dev.wsgate.adapter.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.spi.VerifiedToken;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.security.Principal;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.stereotype.Controller;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * Applications with Spring Boot's security starter (its auto-configuration on, the WebSocket paths
 * permitted to everyone, as wsgate authenticates them): the verified identity is an {@link
 * Authentication} with the token's scopes as authorities, and a STOMP method's
 * {@code @AuthenticationPrincipal} is the {@link VerifiedToken}. Runs in its own surefire
 * execution: the other tests' applications would be locked by Spring Security.
 */
final class SpringSecurityTest {
  /** Describes an Authentication: class, name, authorities. */
  static String describe(Principal p) {
    if (!(p instanceof Authentication)) {
      return "not an Authentication: " + p;
    }
    Authentication a = (Authentication) p;
    return a.getClass().getSimpleName()
        + " "
        + a.getName()
        + " "
        + a.getAuthorities().stream()
            .map(GrantedAuthority::getAuthority)
            .collect(Collectors.joining(","))
        + " "
        + ((VerifiedToken) a.getPrincipal()).providerId();
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableWebSocket
  @EnableWebSocketMessageBroker
  static class ServletSecured implements WebSocketConfigurer, WebSocketMessageBrokerConfigurer {
    @Bean
    Clock clock() {
      return Clock.fixed(TestGate.NOW, ZoneOffset.UTC);
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(
              a -> a.requestMatchers("/echo", "/stomp").permitAll().anyRequest().authenticated())
          .build();
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
      registry.addHandler(
          new TextWebSocketHandler() {
            @Override
            protected void handleTextMessage(WebSocketSession session, TextMessage message)
                throws Exception {
              session.sendMessage(new TextMessage(describe(session.getPrincipal())));
            }
          },
          "/echo");
    }

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
      registry.addEndpoint("/stomp");
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
      registry.enableSimpleBroker("/topic");
      registry.setApplicationDestinationPrefixes("/app");
    }

    @Bean
    WhoAmI whoAmI() {
      return new WhoAmI();
    }
  }

  @Controller
  static class WhoAmI {
    @MessageMapping("/whoami")
    @SendTo("/topic/who")
    String who(@AuthenticationPrincipal VerifiedToken token, Principal user) {
      return user.getName() + " via " + token.providerId();
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class ReactiveSecured {
    @Bean
    Clock clock() {
      return Clock.fixed(TestGate.NOW, ZoneOffset.UTC);
    }

    @Bean
    SecurityWebFilterChain security(ServerHttpSecurity http) {
      return http.authorizeExchange(
              e -> e.pathMatchers("/echo").permitAll().anyExchange().authenticated())
          .build();
    }

    @Bean
    HandlerMapping sockets() {
      org.springframework.web.reactive.socket.WebSocketHandler echo =
          session ->
              session
                  .getHandshakeInfo()
                  .getPrincipal()
                  .flatMap(
                      p ->
                          session.send(
                              session.receive().map(m -> session.textMessage(describe(p)))));
      return new SimpleUrlHandlerMapping(Map.of("/echo", echo), -1);
    }
  }

  private static ConfigurableApplicationContext start(Class<?> app, WebApplicationType type) {
    List<String> properties = new ArrayList<>(PropertiesApp.singleTenant());
    properties.set(properties.size() - 1, "wsgate.subprotocols=app.v1,v12.stomp");
    properties.addAll(List.of("server.port=0", "spring.main.banner-mode=off"));
    return new SpringApplicationBuilder(app)
        .web(type)
        .properties(properties.toArray(String[]::new))
        .run();
  }

  private static String echoOnce(int port) throws Exception {
    Replies replies = new Replies();
    String token = PropertiesApp.hs256(PropertiesApp.SECRET, "erin", "chat:write chat:read");
    WebSocket ws =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("Origin", TestGate.ORIGIN)
            .subprotocols("app.v1", "bearer." + token)
            .buildAsync(URI.create("ws://127.0.0.1:" + port + "/echo"), replies)
            .get(20, TimeUnit.SECONDS);
    ws.sendText("who", true).get(20, TimeUnit.SECONDS);
    String reply = replies.next();
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(20, TimeUnit.SECONDS);
    return reply;
  }

  @Test
  void servlet_withSpringSecurity_sessionPrincipalIsAnAuthenticationWithScopes() throws Exception {
    try (ConfigurableApplicationContext app =
        start(ServletSecured.class, WebApplicationType.SERVLET)) {
      assertThat(echoOnce(ServletApp.port(app)))
          .isEqualTo("GateAuthentication erin SCOPE_chat:read,SCOPE_chat:write hmac");
    }
  }

  @Test
  void stomp_withSpringSecurity_authenticationPrincipalIsTheVerifiedToken() throws Exception {
    try (ConfigurableApplicationContext app =
        start(ServletSecured.class, WebApplicationType.SERVLET)) {
      WebSocketStompClient stomp = new WebSocketStompClient(new StandardWebSocketClient());
      stomp.setMessageConverter(new StringMessageConverter());
      WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
      headers.setOrigin(TestGate.ORIGIN);
      headers.setSecWebSocketProtocol(
          List.of("v12.stomp", "bearer." + PropertiesApp.hs256(PropertiesApp.SECRET, "fay")));
      StompSession session =
          stomp
              .connectAsync(
                  "ws://127.0.0.1:" + ServletApp.port(app) + "/stomp",
                  headers,
                  new StompSessionHandlerAdapter() {})
              .get(20, TimeUnit.SECONDS);
      BlockingQueue<String> who = new LinkedBlockingQueue<>();
      session.subscribe(
          "/topic/who",
          new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders h) {
              return String.class;
            }

            @Override
            public void handleFrame(StompHeaders h, Object payload) {
              who.add((String) payload);
            }
          });
      // the subscription is registered once the broker has seen it: send until an answer comes
      String answer = null;
      for (int i = 0; i < 100 && answer == null; i++) {
        session.send("/app/whoami", "?");
        answer = who.poll(200, TimeUnit.MILLISECONDS);
      }

      assertThat(answer).isEqualTo("fay via hmac");
      session.disconnect();
      stomp.stop();
    }
  }

  @Test
  void webflux_withSpringSecurity_handshakePrincipalIsAnAuthenticationWithScopes()
      throws Exception {
    // left running: closing a WebFlux context disposes Reactor Netty's shared event loops
    ConfigurableApplicationContext app = start(ReactiveSecured.class, WebApplicationType.REACTIVE);

    assertThat(echoOnce(ServletApp.port(app)))
        .isEqualTo("GateAuthentication erin SCOPE_chat:read,SCOPE_chat:write hmac");
  }
}
