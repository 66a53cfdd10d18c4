package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.adapter.javawebsocket.fixtures.Jwts;
import dev.wsgate.server.admin.AdminServer;
import dev.wsgate.testkit.Eventually;
import dev.wsgate.testkit.RawHttp;
import dev.wsgate.testkit.RedisProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Three wsgate servers in cluster mode behind nginx, sharing one real redis-server: a disconnect on
 * instance 1 closes the subject's sockets on instances 2 and 3 within 1 s, a token id revoked on
 * instance 1 is refused on every instance, and a ticket issued by one instance is redeemed, once,
 * on another.
 */
final class ClusterScaleOutTest {
  private static final String SECRET = "cluster-test-secret-of-at-least-32-bytes!";
  private static final String ADMIN_TOKEN = "admin-token-0123456789";
  private static final Pattern TICKET = Pattern.compile("\"ticket\":\"([^\"]+)\"");

  private static Map<String, String> properties(String redisUri) {
    Map<String, String> p = new HashMap<>();
    p.put("wsgate.provider.fake.must-be-set", null);
    p.put("wsgate.provider", "hmac");
    p.put("wsgate.provider.hmac.secret", SECRET);
    p.put("wsgate.trusted-proxies", Nginx.UPSTREAM_SOURCE);
    p.put("wsgate.tickets.enabled", "true");
    p.put("wsgate.admin.port", "0");
    p.put("wsgate.admin.token", ADMIN_TOKEN);
    p.put("wsgate.cluster", "redis");
    p.put("wsgate.cluster.redis.uri", redisUri);
    // a loaded shared machine still meets it
    p.put("wsgate.cluster.redis.command-timeout", "1s");
    p.put("wsgate.cluster.redis.key-prefix", "it");
    p.put("wsgate.cluster.redis.resync-interval", "200ms");
    return p;
  }

  private static String token(String subject, String jti) {
    return Jwts.hs256(
        SECRET,
        Jwts.claims(subject, null, null, Instant.now(), Duration.ofHours(1)).jwtID(jti).build());
  }

  private static Clients.Recording connect(int port, String query) throws Exception {
    Clients.Recording c =
        new Clients.Recording(
            URI.create("ws://127.0.0.1:" + port + "/ws?" + query),
            Map.of("Origin", TestServer.ORIGIN));
    assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).as("connected").isTrue();
    return c;
  }

  private static int upgrade(int port, String query) throws Exception {
    return RawHttp.exchangeKeepingOpen(
            port, RawHttp.upgrade("/ws?" + query, "Origin: " + TestServer.ORIGIN))
        .status();
  }

  @ParameterizedTest
  @MethodSource("dev.wsgate.server.TestServer#transports")
  void threeInstancesOnOneRedis_shareDisconnectsRevocationsAndTickets(
      String transport, @TempDir Path dir) throws Exception {
    Nginx.binary();
    List<TestServer> servers = new ArrayList<>();
    List<AdminServer> admins = new ArrayList<>();
    try (RedisProcess redis = RedisProcess.start(dir.resolve("redis"))) {
      for (int i = 0; i < 3; i++) {
        TestServer s = TestServer.start(TestServer.on(transport, properties(redis.uri())));
        servers.add(s);
        admins.add(AdminServer.start(s.configuration, Clock.systemUTC()));
      }
      for (TestServer s : servers) {
        assertThat(
                Eventually.holds(
                    Duration.ofSeconds(10), () -> s.configuration.cluster().health().available()))
            .isTrue();
      }
      Path nginxDir = java.nio.file.Files.createDirectories(dir.resolve("nginx"));
      try (Nginx nginx = Nginx.start(nginxDir, servers.stream().map(s -> s.port).toList())) {

        // a disconnect on instance 1 closes mallory's sockets on 2 and 3 within 1 s
        List<Clients.Recording> mallory = new ArrayList<>();
        for (TestServer s : servers) {
          mallory.add(connect(s.port, "token=" + token("mallory", "m-" + s.port)));
        }
        Clients.Recording alice = connect(servers.get(1).port, "token=" + token("alice", "a-1"));
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest disconnect =
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + admins.get(0).port()
                            + "/admin/disconnect?subject=mallory"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        List<CompletableFuture<Long>> closedAt = new ArrayList<>();
        for (Clients.Recording c : mallory) {
          closedAt.add(c.closeCode.thenApply(code -> code == 4001 ? System.nanoTime() : -1L));
        }
        long start = System.nanoTime();
        HttpResponse<String> answer = http.send(disconnect, HttpResponse.BodyHandlers.ofString());
        for (CompletableFuture<Long> at : closedAt) {
          long closed = at.get(2, TimeUnit.SECONDS);
          assertThat(closed).as("closed with 4001").isPositive();
          assertThat(TimeUnit.NANOSECONDS.toMillis(closed - start)).isLessThan(1000);
        }
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body())
            .startsWith("closed 3 connection(s) of subject mallory")
            .contains("acknowledged by 3 of 3 instance(s)");
        assertThat(alice.isOpen()).isTrue();
        // and the denial holds everywhere, through nginx too
        for (TestServer s : servers) {
          assertThat(
                  Eventually.holds(
                      Duration.ofSeconds(2),
                      () -> status(s.port, "token=" + token("mallory", "m-new")) == 401))
              .isTrue();
        }
        alice.closeBlocking();

        // a token id revoked on instance 1 is refused on every instance
        servers
            .get(0)
            .configuration
            .denyList()
            .denyTokenId("default", "jti-revoked", Instant.now().plus(Duration.ofHours(1)));
        String revoked = "token=" + token("bob", "jti-revoked");
        for (TestServer s : servers) {
          assertThat(Eventually.holds(Duration.ofSeconds(2), () -> status(s.port, revoked) == 401))
              .isTrue();
          assertThat(upgrade(s.port, "token=" + token("bob", "jti-fine"))).isEqualTo(101);
        }
        for (int i = 0; i < 3; i++) {
          assertThat(upgrade(nginx.port, revoked)).isEqualTo(401);
        }

        // a ticket issued by instance 1 is redeemed on instance 2, once
        RawHttp.Response issued =
            RawHttp.exchange(
                servers.get(0).port,
                "POST /ws/ticket HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: "
                    + TestServer.ORIGIN
                    + "\r\nAuthorization: Bearer "
                    + token("carol", "c-1")
                    + "\r\nContent-Length: 0\r\n\r\n");
        assertThat(issued.status()).isEqualTo(200);
        Matcher m = TICKET.matcher(issued.body());
        assertThat(m.find()).isTrue();
        String ticket = "ticket=" + m.group(1);
        assertThat(upgrade(servers.get(1).port, ticket)).isEqualTo(101);
        assertThat(upgrade(servers.get(2).port, ticket)).isEqualTo(401);
        assertThat(upgrade(nginx.port, ticket)).isEqualTo(401);
      }
    } finally {
      admins.forEach(AdminServer::close);
      servers.forEach(TestServer::close);
    }
  }

  private static int status(int port, String query) {
    try {
      return upgrade(port, query);
    } catch (Exception e) {
      return -1;
    }
  }
}
