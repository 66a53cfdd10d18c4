package dev.wsgate.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.server.AdminHttp;
import dev.wsgate.server.TestServer;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import dev.wsgate.testkit.RedisProcess;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The admin port of an instance in cluster mode while its Redis goes away and comes back: {@code
 * /readyz} and {@code /metrics} show the degraded state (without failing readiness), a disconnect
 * says it reached this instance only, tickets are refused with 503, and all returns with Redis.
 */
final class ClusterAdminTest {
  private static final String ADMIN_TOKEN = "admin-token-0123456789";

  private static String poll(int port, String path, Predicate<String> until) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String body = AdminHttp.get(port, path).body();
    while (!until.test(body) && System.nanoTime() < end) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      body = AdminHttp.get(port, path).body();
    }
    return body;
  }

  private static int ticket(int port) throws Exception {
    String token = FakeTokenVerifier.token("carol", Instant.now().plusSeconds(600));
    return RawHttp.exchange(
            port,
            "POST /ws/ticket HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: "
                + TestServer.ORIGIN
                + "\r\nAuthorization: Bearer "
                + token
                + "\r\nContent-Length: 0\r\n\r\n")
        .status();
  }

  @ParameterizedTest
  @MethodSource("dev.wsgate.server.TestServer#transports")
  void redisAway_isShownAndFallsBackPerFeature_thenRecovers(String transport, @TempDir Path dir)
      throws Exception {
    try (RedisProcess redis = RedisProcess.start(dir)) {
      Map<String, String> p = new HashMap<>();
      p.put("wsgate.admin.port", "0");
      p.put("wsgate.admin.token", ADMIN_TOKEN);
      p.put("wsgate.tickets.enabled", "true");
      p.put("wsgate.cluster", "redis");
      p.put("wsgate.cluster.redis.uri", redis.uri());
      // a loaded shared machine still meets it; while Redis is down commands fail at once anyway
      p.put("wsgate.cluster.redis.command-timeout", "1s");
      p.put("wsgate.cluster.redis.resync-interval", "100ms");
      p.put("wsgate.cluster.redis.breaker.open-for", "300ms");
      // the cluster-wide limits: their fallback shows in /readyz too
      p.put("wsgate.limits.max-connections-per-subject", "2");
      p.put("wsgate.rate-limit.enabled", "true");
      try (TestServer server = TestServer.start(TestServer.on(transport, p));
          AdminServer admin = AdminServer.start(server.configuration, Clock.systemUTC())) {
        int port = admin.port();
        assertThat(poll(port, "/readyz", b -> b.contains("cluster ok")))
            .isEqualTo("ready; cluster ok: redis connected\n");
        assertThat(AdminHttp.get(port, "/metrics").body())
            .contains("wsgate_cluster_available{engine=\"redis\"} 1.0");
        assertThat(ticket(server.port)).isEqualTo(200);

        redis.stop();
        String degraded = poll(port, "/readyz", b -> b.contains("degraded"));
        assertThat(degraded).startsWith("ready; cluster degraded: redis ");
        assertThat(
                poll(
                    port,
                    "/readyz",
                    b -> b.contains("connection limits") && b.contains("failure limiter")))
            .contains(
                "; connection limits on this instance's share", "failure limiter per instance");
        assertThat(AdminHttp.get(port, "/readyz").statusCode()).isEqualTo(200);
        assertThat(
                poll(
                    port,
                    "/metrics",
                    b -> !b.contains("wsgate_cluster_failures_total{engine=\"redis\"} 0.0")))
            .contains("wsgate_cluster_available{engine=\"redis\"} 0.0")
            .containsPattern("wsgate_cluster_failures_total\\{engine=\"redis\"} [1-9]");
        assertThat(AdminHttp.post(port, "/admin/disconnect?subject=mallory", ADMIN_TOKEN).body())
            .contains("closed on this instance only");
        long start = System.nanoTime();
        assertThat(ticket(server.port)).isEqualTo(503);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);

        redis.restart();
        assertThat(poll(port, "/readyz", b -> b.contains("cluster ok")))
            .isEqualTo("ready; cluster ok: redis connected\n");
        assertThat(ticket(server.port)).isEqualTo(200);
        assertThat(AdminHttp.post(port, "/admin/disconnect?subject=mallory", ADMIN_TOKEN).body())
            .contains("acknowledged by 1 of 1 instance(s)");
        // the denial made while Redis was away was written back once it returned
        assertThat(redis.command("HKEYS", "wsgate:denials")).contains("mallory");
      }
    }
  }
}
