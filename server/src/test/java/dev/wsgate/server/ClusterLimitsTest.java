package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.cluster.ConnectionLeases;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import dev.wsgate.testkit.RedisProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers built from properties ({@code wsgate.cluster=redis}) on one real redis-server hold {@code
 * wsgate.limits.*} and {@code wsgate.rate-limit.*} for the whole cluster: the per-subject cap and
 * an address's failure budget are spent across instances, and the connections of an instance killed
 * with SIGKILL stop counting once its lease time has passed.
 */
final class ClusterLimitsTest {
  private static final Duration SOON = Duration.ofSeconds(15);

  @TempDir Path dir;
  private RedisProcess redis;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void startRedis() throws IOException {
    redis = RedisProcess.start(dir);
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    redis.close();
  }

  /** Cluster mode with fast exchanges; the lease time short enough for the crash test. */
  private Map<String, String> cluster(String... more) {
    Map<String, String> p = new HashMap<>();
    p.put("wsgate.cluster", "redis");
    p.put("wsgate.cluster.redis.uri", redis.uri());
    p.put("wsgate.cluster.redis.key-prefix", "limits");
    // a loaded shared machine still meets it
    p.put("wsgate.cluster.redis.command-timeout", "500ms");
    p.put("wsgate.cluster.limits.sync-interval", "100ms");
    p.put("wsgate.cluster.rate-limit.flush-interval", "100ms");
    p.put("wsgate.cluster.lease-time", "3s");
    p.put("wsgate.limits.max-connections-per-subject", "2");
    for (int i = 0; i < more.length; i += 2) {
      p.put(more[i], more[i + 1]);
    }
    return p;
  }

  private TestServer server(Map<String, String> properties) {
    TestServer s = TestServer.start(properties);
    toClose.add(s);
    return s;
  }

  private static String token(String subject) {
    return FakeTokenVerifier.token(subject, Instant.now().plusSeconds(600));
  }

  private Clients.Recording open(int port, String subject) throws Exception {
    Clients.Recording c =
        new Clients.Recording(
            URI.create("ws://127.0.0.1:" + port + "/ws?token=" + token(subject)),
            Map.of("Origin", TestServer.ORIGIN));
    assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).as("open for " + subject).isTrue();
    toClose.add(c::closeBlocking);
    return c;
  }

  /**
   * An upgrade whose socket closes as soon as the answer's head is read: a 101 holds its place only
   * for a moment, so polling does not fill the cap it polls.
   */
  private static int upgrade(int port, String tokenValue) {
    try {
      return RawHttp.exchangeKeepingOpen(
              port, RawHttp.upgrade("/ws?token=" + tokenValue, "Origin: " + TestServer.ORIGIN))
          .status();
    } catch (IOException e) {
      return -1;
    }
  }

  /** Until {@code n} instances have exchanged with Redis (a loaded machine connects slowly). */
  private void awaitInstances(int n) {
    await()
        .atMost(SOON)
        .until(() -> redis.command("ZCARD", "limits:conn:instances").equals(":" + n + "\r\n"));
  }

  /**
   * Whether {@code server}'s leases refuse one more connection of {@code subject} now: asks them
   * directly, giving a granted lease back at once, so that waiting for an instance to learn the
   * cluster's counts opens no connection.
   */
  private static boolean refuses(TestServer server, String subject) {
    ConnectionLeases.Outcome o =
        Objects.requireNonNull(server.configuration.connectionLeases()).acquire("default", subject);
    ConnectionLeases.Lease lease = o.lease();
    if (lease != null) {
      lease.release();
    }
    return lease == null;
  }

  @Test
  void perSubjectCap_heldAcrossInstances_overCapGets429OnEither() throws Exception {
    TestServer a = server(cluster());
    TestServer b = server(cluster());
    assertThat(a.configuration.connectionLeases()).isNotNull();
    awaitInstances(2);

    open(a.port, "alice");
    Clients.Recording onB = open(b.port, "alice");

    await().atMost(SOON).until(() -> refuses(a, "alice") && refuses(b, "alice"));
    assertThat(upgrade(a.port, token("alice"))).isEqualTo(429);
    assertThat(upgrade(b.port, token("alice"))).isEqualTo(429);
    assertThat(upgrade(a.port, token("bob"))).as("another subject").isEqualTo(101);

    onB.closeBlocking(); // gives its place back to the cluster
    await().atMost(SOON).until(() -> !refuses(a, "alice"));
    assertThat(upgrade(a.port, token("alice"))).isEqualTo(101);
  }

  @Test
  void failureBudget_spentAcrossInstances_refusedOnEither() {
    Map<String, String> p =
        cluster("wsgate.rate-limit.enabled", "true", "wsgate.rate-limit.burst", "4");
    TestServer a = server(p);
    TestServer b = server(p);
    awaitInstances(2);

    // two counted failures on each: within each instance's own budget of 4, not the cluster's
    for (TestServer s : List.of(a, b, a, b)) {
      assertThat(upgrade(s.port, "not-a-token")).isEqualTo(401);
    }

    // a new subject per probe: an accepted probe never counts toward the per-subject cap
    AtomicInteger probes = new AtomicInteger();
    await().atMost(SOON).until(() -> upgrade(a.port, token("c" + probes.incrementAndGet())) == 429);
    await().atMost(SOON).until(() -> upgrade(b.port, token("c" + probes.incrementAndGet())) == 429);
  }

  @Test
  void instanceKilled_itsConnectionsStopCountingWithinTheLeaseTime() throws Exception {
    Map<String, String> p = TestServer.baseProperties();
    p.putAll(cluster());
    ServerProcess killed = ServerProcess.main(dir, "killed", p);
    toClose.add(killed);
    Matcher listening = killed.awaitListening();
    int killedPort = Integer.parseInt(listening.group(2));
    TestServer survivor = server(cluster());
    awaitInstances(2);

    Clients.Recording c1 = open(killedPort, "alice");
    Clients.Recording c2 = open(killedPort, "alice");
    await().atMost(SOON).until(() -> refuses(survivor, "alice"));
    assertThat(upgrade(survivor.port, token("alice"))).isEqualTo(429);

    killed.process.destroyForcibly(); // SIGKILL: nothing released, nothing said to Redis
    assertThat(killed.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    long killedAt = System.nanoTime();
    assertThat(upgrade(survivor.port, token("alice")))
        .as("the killed instance's lease still runs")
        .isEqualTo(429);
    c1.closeCode.get(10, TimeUnit.SECONDS); // the sockets died with the process
    c2.closeCode.get(10, TimeUnit.SECONDS);

    await().atMost(SOON).until(() -> !refuses(survivor, "alice"));
    assertThat(Duration.ofNanos(System.nanoTime() - killedAt))
        .as("freed by the lease's end, not before")
        .isGreaterThan(Duration.ofSeconds(1));
    assertThat(upgrade(survivor.port, token("alice"))).isEqualTo(101);
  }
}
