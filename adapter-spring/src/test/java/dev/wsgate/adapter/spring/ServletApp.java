package dev.wsgate.adapter.spring;

import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.MutableClock;
import java.security.Principal;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * A Spring Boot application on embedded Tomcat as a user would write it, naming no wsgate class but
 * the gate bean: an echo endpoint at {@code /echo} and {@code /open}, a STOMP endpoint at {@code
 * /stomp} that records the user of every CONNECT.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableWebSocket
@EnableWebSocketMessageBroker
class ServletApp implements WebSocketConfigurer, WebSocketMessageBrokerConfigurer {
  final BlockingQueue<String> stompConnects = new LinkedBlockingQueue<>();

  @Bean
  MutableClock clock() {
    return new MutableClock(TestGate.NOW);
  }

  @Bean
  TestGate.Revoked revoked() {
    return new TestGate.Revoked();
  }

  @Bean
  HandshakeGate gate(MutableClock clock, TestGate.Revoked revoked) {
    return TestGate.gate(clock, new FakeTokenVerifier(), revoked);
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    registry.addHandler(new Echo(), "/echo", "/open");
    registry.addHandler(new Echo(), "/sockjs").withSockJS();
  }

  @Override
  public void registerStompEndpoints(StompEndpointRegistry registry) {
    registry.addEndpoint("/stomp");
  }

  @Override
  public void configureMessageBroker(MessageBrokerRegistry registry) {
    registry.enableSimpleBroker("/topic");
  }

  @Override
  public void configureClientInboundChannel(ChannelRegistration registration) {
    registration.interceptors(
        new ChannelInterceptor() {
          @Override
          public Message<?> preSend(Message<?> message, MessageChannel channel) {
            StompHeaderAccessor a = StompHeaderAccessor.wrap(message);
            if (a.getCommand() == StompCommand.CONNECT) {
              Principal user = a.getUser();
              stompConnects.add(user == null ? "anonymous" : user.getName());
            }
            return message;
          }
        });
  }

  /** Answers {@code <principal>@<tenant>: <text>}, and {@link TestGate#expOf} to {@code exp}. */
  static final class Echo extends TextWebSocketHandler {
    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message)
        throws Exception {
      if (message.getPayload().equals("exp")) {
        session.sendMessage(new TextMessage(TestGate.expOf(session.getAttributes())));
        return;
      }
      String who = session.getPrincipal() == null ? "anonymous" : session.getPrincipal().getName();
      session.sendMessage(
          new TextMessage(
              who
                  + "@"
                  + session.getAttributes().get(WsgateSpring.TENANT)
                  + ": "
                  + message.getPayload()));
    }
  }

  private static ConfigurableApplicationContext shared;

  /**
   * The application most tests share (started once per test JVM; Spring's shutdown hook stops it):
   * {@code /echo}, {@code /stomp} and {@code /sockjs} gated, {@code /open} left out, in-band
   * refresh on, open sessions checked against {@link TestGate.Revoked} every 200 ms.
   */
  static synchronized ConfigurableApplicationContext shared() {
    if (shared == null) {
      shared =
          start(
              "wsgate.spring.paths=/echo,/stomp,/sockjs/**",
              "wsgate.session.refresh=true",
              "wsgate.session.revocation-interval=200ms");
    }
    return shared;
  }

  static ConfigurableApplicationContext start(String... properties) {
    return new SpringApplicationBuilder(ServletApp.class)
        .web(WebApplicationType.SERVLET)
        .properties("server.port=0", "spring.main.banner-mode=off")
        .properties(properties)
        .run();
  }

  static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }
}
