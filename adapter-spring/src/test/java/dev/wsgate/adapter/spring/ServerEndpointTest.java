package dev.wsgate.adapter.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.testkit.MutableClock;
import dev.wsgate.testkit.RawHttp;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.server.standard.ServerEndpointExporter;

/**
 * Jakarta {@code @ServerEndpoint} classes deployed by {@code ServerEndpointExporter} bypass every
 * Spring handler mapping: on a gated path they stop start-up with a message saying what to do; a
 * path {@code wsgate.spring.paths} leaves out stays open as the application chose.
 */
final class ServerEndpointTest {
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class JakartaApp {
    @Bean
    HandshakeGate gate() {
      return TestGate.gate(new MutableClock(TestGate.NOW));
    }

    @Bean
    ServerEndpointExporter exporter() {
      return new ServerEndpointExporter();
    }

    @Bean
    RawEcho rawEcho() {
      return new RawEcho();
    }
  }

  /** A Jakarta WebSocket endpoint as Spring's guides deploy one. */
  @ServerEndpoint("/raw")
  public static class RawEcho {
    @OnMessage
    public String echo(String message) {
      return message;
    }
  }

  private static ConfigurableApplicationContext start(String... properties) {
    return new SpringApplicationBuilder(JakartaApp.class)
        .web(WebApplicationType.SERVLET)
        .properties("server.port=0", "spring.main.banner-mode=off")
        .properties(properties)
        .run();
  }

  @Test
  void startUp_serverEndpointOnAGatedPath_refusedSayingHowToGateIt() {
    ConfigurationException e = PropertiesApp.startUpProblems(ServerEndpointTest::start);

    assertThat(e.problems())
        .singleElement()
        .asString()
        .contains("not gated by wsgate: rawEcho at /raw")
        .contains("Register them as Spring WebSocketHandlers")
        .contains("wsgate.spring.paths");
  }

  @Test
  void startUp_serverEndpointLeftOutOfTheGatedPaths_startsAndStaysOpen() throws Exception {
    try (ConfigurableApplicationContext app = start("wsgate.spring.paths=/chat/**")) {
      RawHttp.Response answer =
          RawHttp.to("/raw").header("Origin", TestGate.ORIGIN).send(ServletApp.port(app));

      assertThat(answer.status()).isEqualTo(101);
    }
  }
}
