package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.testkit.FakeTokenVerifier;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Metric labels are bounded: nothing a client sends becomes a label value. */
final class MetricsLabelTest {

  @Test
  void hostileRequests_neverBecomeLabelValues() throws Exception {
    try (TestServer server = TestServer.start()) {
      String origin = "Origin: " + TestServer.ORIGIN;
      RawHttp.exchange(server.port, RawHttp.upgrade("/label-from-path?token=x", origin));
      RawHttp.exchange(
          server.port,
          RawHttp.upgrade("/ws?token=label-from-token", "Origin: https://label-o.example"));
      RawHttp.exchange(server.port, RawHttp.upgrade("/ws?token=label-from-token2", origin));
      String token = FakeTokenVerifier.token("label-from-subject", Instant.now().plusSeconds(600));
      Clients.Recording c =
          new Clients.Recording(
              server.uri("/ws?token=" + token), Map.of("Origin", TestServer.ORIGIN));
      assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
      c.closeBlocking(); // 1000 (or 1006, see below)
      Clients.Recording odd =
          new Clients.Recording(
              server.uri("/ws?token=" + token), Map.of("Origin", TestServer.ORIGIN));
      assertThat(odd.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
      odd.close(4999, "label-from-close-reason");
      odd.closeCode.get(10, TimeUnit.SECONDS);

      String scrape =
          AdminServerTest.awaitMetrics(server, "wsgate_connections_closed_total{code=\"other\"");

      assertThat(scrape)
          .doesNotContain("label-")
          .doesNotContain("4999")
          .contains(
              "wsgate_handshakes_total{failure=\"bad_request\",outcome=\"rejected\",status=\"404\","
                  + "tenant=\"none\"} 1.0")
          .contains(
              "wsgate_handshakes_total{failure=\"origin_not_allowed\",outcome=\"rejected\","
                  + "status=\"403\",tenant=\"default\"} 1.0")
          .contains(
              "wsgate_handshakes_total{failure=\"malformed_token\",outcome=\"rejected\","
                  + "status=\"401\",tenant=\"default\"} 1.0")
          // Java-WebSocket sometimes reports a clean client close as 1006 (the client drops TCP
          // right after the closing handshake): either is a bounded label
          .containsPattern(
              "wsgate_connections_closed_total\\{code=\"(1000|1006)\",initiator=\"client\"\\} 1.0")
          .contains("wsgate_connections_closed_total{code=\"other\",initiator=\"client\"} 1.0");
    }
  }
}
