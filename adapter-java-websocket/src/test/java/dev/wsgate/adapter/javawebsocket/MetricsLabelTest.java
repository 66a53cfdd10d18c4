package dev.wsgate.adapter.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Metric labels are bounded: nothing a client sends becomes a label value. */
final class MetricsLabelTest {
  private static final Pattern CLOSE_CODE =
      Pattern.compile(
          "wsgate_connections_closed_total\\{code=\"([^\"]*)\",initiator=\"client\"\\}");
  private static final Pattern CLOSE_COUNT =
      Pattern.compile("wsgate_connections_closed_total\\{[^}]*\\} ([0-9.]+)");

  /** The scrape once both client closes are counted (whatever codes the library reported). */
  private static String awaitTwoCloses(EmbeddedServer server) {
    return await("two closes counted")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> ((PrometheusMeterRegistry) server.server.metrics().registry()).scrape(),
            body -> {
              double total = 0;
              Matcher m = CLOSE_COUNT.matcher(body);
              while (m.find()) {
                total += Double.parseDouble(m.group(1));
              }
              return total >= 2;
            });
  }

  @Test
  void hostileRequests_neverBecomeLabelValues() throws Exception {
    try (EmbeddedServer server =
        EmbeddedServer.builder()
            .metrics(new ServerMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)))
            .start()) {
      String origin = "Origin: " + EmbeddedServer.ORIGIN;
      RawHttp.exchange(server.port, RawHttp.upgrade("/label-from-path?token=x", origin));
      RawHttp.exchange(
          server.port,
          RawHttp.upgrade("/ws?token=label-from-token", "Origin: https://label-o.example"));
      RawHttp.exchange(server.port, RawHttp.upgrade("/ws?token=label-from-token2", origin));
      String token = FakeTokenVerifier.token("label-from-subject", Instant.now().plusSeconds(600));
      Clients.Recording c =
          new Clients.Recording(
              server.uri("/ws?token=" + token), Map.of("Origin", EmbeddedServer.ORIGIN));
      assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
      c.closeBlocking(); // 1000 (or 1006, see below)
      Clients.Recording odd =
          new Clients.Recording(
              server.uri("/ws?token=" + token), Map.of("Origin", EmbeddedServer.ORIGIN));
      assertThat(odd.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
      odd.close(4999, "label-from-close-reason");
      odd.closeCode.get(10, TimeUnit.SECONDS);

      String scrape = awaitTwoCloses(server);

      assertThat(scrape)
          .doesNotContain("label-")
          .doesNotContain("4999")
          .contains(
              "wsgate_handshakes_total{failure=\"no_endpoint\",outcome=\"rejected\",status=\"404\","
                  + "tenant=\"none\"} 1.0")
          .contains(
              "wsgate_handshakes_total{failure=\"origin_not_allowed\",outcome=\"rejected\","
                  + "status=\"403\",tenant=\"default\"} 1.0")
          .contains(
              "wsgate_handshakes_total{failure=\"malformed_token\",outcome=\"rejected\","
                  + "status=\"401\",tenant=\"default\"} 1.0");
      // Java-WebSocket sometimes reports a client's close as 1006 (the client drops TCP right
      // after the closing handshake), so the codes seen are 1000 or 1006, and "other" or 1006
      // for 4999: each a bounded label, never the client's number
      Matcher codes = CLOSE_CODE.matcher(scrape);
      while (codes.find()) {
        assertThat(codes.group(1)).isIn("1000", "1006", "other");
      }
    }
  }
}
