package dev.wsgate.adapter.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.FailureRateLimiter;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.OriginPolicy;
import dev.wsgate.gate.Refusal;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.TokenExtractors;
import dev.wsgate.spi.Failure;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.MutableClock;
import dev.wsgate.testkit.RawHttp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * A gate with a {@link FailureRateLimiter} (a burst of two failures, then one a minute): after the
 * burst even a good token gets the gate's 429 with {@code Retry-After}, on both stacks.
 */
final class RateLimitTest {
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableWebSocket
  static class LimitedApp implements WebSocketConfigurer {
    @Bean
    HandshakeGate gate() {
      MutableClock clock = new MutableClock(TestGate.NOW);
      return HandshakeGate.builder()
          .tenant(
              new TenantPolicy(
                  "default",
                  OriginPolicy.of(List.of(TestGate.ORIGIN), false),
                  List.of(TokenExtractors.query("token")),
                  new FakeTokenVerifier(),
                  List.of(),
                  TenantPolicy.DEFAULT_MAX_TOKEN_BYTES,
                  Duration.ofSeconds(30)))
          .failureLimiter(new FailureRateLimiter(2, 1, 100, clock))
          .clock(clock)
          .build();
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
      registry.addHandler(new ServletApp.Echo(), "/echo");
    }

    @Bean
    HandlerMapping reactiveEcho() {
      org.springframework.web.reactive.socket.WebSocketHandler echo =
          session -> session.send(session.receive());
      return new SimpleUrlHandlerMapping(Map.of("/echo", echo), -1);
    }
  }

  private static void burstThen429(WebApplicationType type) throws Exception {
    // left running until the test JVM exits: closing a WebFlux context disposes Reactor Netty's
    // global event loops, which the other WebFlux tests' server shares
    ConfigurableApplicationContext app =
        new SpringApplicationBuilder(LimitedApp.class)
            .web(type)
            .properties("server.port=0", "spring.main.banner-mode=off")
            .run();
    int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    String bad = "/echo?token=" + FakeTokenVerifier.failing(Failure.INVALID_SIGNATURE);
    for (int i = 0; i < 2; i++) {
      assertThat(RawHttp.to(bad).header("Origin", TestGate.ORIGIN).send(port).status())
          .isEqualTo(401);
    }

    RawHttp.Response answer =
        RawHttp.to("/echo?token=" + TestGate.token("alice"))
            .header("Origin", TestGate.ORIGIN)
            .send(port);

    Refusal expected =
        ((Decision.Rejected)
                app.getBean(HandshakeGate.class)
                    .begin(
                        dev.wsgate.gate.HandshakeRequest.of(
                            "/echo", dev.wsgate.gate.Headers.empty(), "127.0.0.1")))
            .refusal();
    assertThat(expected.failure()).isEqualTo(Failure.RATE_LIMITED);
    assertThat(answer.status()).isEqualTo(429);
    for (Refusal.Header h : expected.headers()) {
      assertThat(answer.header(h.name())).as(h.name()).isEqualTo(h.value());
    }
    assertThat(answer.body()).isEqualTo(new String(expected.body(), "UTF-8"));
    assertThat(answer.closed()).isTrue();
  }

  @Test
  void servlet_afterTheBurstOfFailures_answers429WithRetryAfterEvenForAGoodToken()
      throws Exception {
    burstThen429(WebApplicationType.SERVLET);
  }

  @Test
  void webflux_afterTheBurstOfFailures_answers429WithRetryAfterEvenForAGoodToken()
      throws Exception {
    burstThen429(WebApplicationType.REACTIVE);
  }
}
