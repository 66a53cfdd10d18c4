package dev.wsgate.adapter.spring;

import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.testkit.MutableClock;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;

/**
 * A WebFlux application on Reactor Netty as a user would write it, naming no wsgate class but the
 * gate bean: an echo {@link WebSocketHandler} at {@code /echo} and {@code /open}. Its verifier may
 * block ({@link HeldVerifier}), so every upgrade takes the gate's pending path.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class ReactiveApp {
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
    // every verification is a pending one: the adapter completes it off the event loop
    return TestGate.gate(clock, new HeldVerifier(), revoked);
  }

  @Bean
  HandlerMapping webSocketMapping() {
    WebSocketHandler echo = echo();
    return new SimpleUrlHandlerMapping(Map.of("/echo", echo, "/open", echo), -1);
  }

  /** Answers {@code <principal>@<tenant>: <text>}, and {@link TestGate#expOf} to {@code exp}. */
  static WebSocketHandler echo() {
    return session ->
        session
            .getHandshakeInfo()
            .getPrincipal()
            .map(p -> p.getName())
            .defaultIfEmpty("anonymous")
            .flatMap(
                who ->
                    session.send(
                        session
                            .receive()
                            .map(
                                m ->
                                    session.textMessage(
                                        m.getPayloadAsText().equals("exp")
                                            ? TestGate.expOf(session.getAttributes())
                                            : who
                                                + "@"
                                                + session.getAttributes().get(WsgateSpring.TENANT)
                                                + ": "
                                                + m.getPayloadAsText()))));
  }

  private static ConfigurableApplicationContext shared;

  /**
   * The application the WebFlux tests share: {@code /echo} gated, {@code /open} left out, in-band
   * refresh on, open sessions checked against {@link TestGate.Revoked} every 200 ms.
   */
  static synchronized ConfigurableApplicationContext shared() {
    if (shared == null) {
      shared =
          new SpringApplicationBuilder(ReactiveApp.class)
              .web(WebApplicationType.REACTIVE)
              .properties(
                  "server.port=0",
                  "spring.main.banner-mode=off",
                  "wsgate.spring.paths=/echo",
                  "wsgate.session.refresh=true",
                  "wsgate.session.revocation-interval=200ms")
              .run();
    }
    return shared;
  }

  static int port() {
    return Integer.parseInt(shared().getEnvironment().getProperty("local.server.port"));
  }
}
