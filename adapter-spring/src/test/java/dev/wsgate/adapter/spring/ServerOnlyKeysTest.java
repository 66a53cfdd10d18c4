package dev.wsgate.adapter.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsgate.spi.ConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

final class ServerOnlyKeysTest {
  @Test
  void startUp_serverOnlyKeys_failsNamingEachKeyAndItsSpringEquivalent() {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(ServletApp.class)
                    .web(WebApplicationType.SERVLET)
                    .properties(
                        "server.port=0",
                        "spring.main.banner-mode=off",
                        "wsgate.listen.port=9000",
                        "wsgate.admin.token=0123456789abcdef",
                        "wsgate.path=/ws")
                    .run())
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "wsgate.admin.token is read by the standalone wsgate server only; in"
                            + " Spring Boot use Actuator (management.*: the wsgate health"
                            + " contributor and metrics) and WsgateSessions.disconnectSubject",
                        "wsgate.listen.port is read by the standalone wsgate server only; in"
                            + " Spring Boot use server.port",
                        "wsgate.path is read by the standalone wsgate server only; in Spring Boot"
                            + " use your WebSocketConfigurer or StompEndpointRegistry (narrow the"
                            + " gated ones with wsgate.spring.paths)"));
  }

  @Test
  void problems_starterKeys_none() {
    assertThat(
            ServerOnlyKeys.problems(
                List.of("wsgate.spring.paths", "wsgate.session.refresh", "wsgate.origins")))
        .isEmpty();
  }

  @Test
  void failureAnalyzer_registered_describesEveryProblem() {
    List<FailureAnalyzer> analyzers =
        SpringFactoriesLoader.forDefaultResourceLocation()
            .load(
                FailureAnalyzer.class,
                // Spring Boot's own analyzers want its bean factory: leave them out here
                SpringFactoriesLoader.FailureHandler.handleMessage((message, e) -> {}));
    FailureAnalyzer ours =
        analyzers.stream()
            .filter(a -> a instanceof WsgateFailureAnalyzer)
            .findFirst()
            .orElseThrow();

    FailureAnalysis analysis =
        ours.analyze(
            new IllegalStateException(
                "wrapped",
                new ConfigurationException(
                    List.of("wsgate.provider.hmac.secret is required", "unknown key wsgate.x"))));

    assertThat(analysis.getDescription())
        .contains("2 problems:")
        .contains("  - wsgate.provider.hmac.secret is required")
        .contains("  - unknown key wsgate.x");
    assertThat(analysis.getAction()).contains("wsgate.* properties");
  }
}
