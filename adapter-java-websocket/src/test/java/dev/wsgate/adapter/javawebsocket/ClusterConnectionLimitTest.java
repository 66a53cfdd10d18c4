package dev.wsgate.adapter.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.cluster.redis.KeyPrefix;
import dev.wsgate.cluster.redis.LeaseSettings;
import dev.wsgate.cluster.redis.RedisCluster;
import dev.wsgate.cluster.redis.RedisConnectionLeases;
import dev.wsgate.cluster.redis.RedisSettings;
import dev.wsgate.gate.DenyList;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import dev.wsgate.testkit.RedisProcess;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers on real sockets whose per-subject cap is the cluster's, shared through a real
 * redis-server: the connection over the cap is refused with 429 on either server, and a close on
 * one gives the place back on the other.
 */
final class ClusterConnectionLimitTest {
  private static final String ORIGIN = "Origin: " + EmbeddedServer.ORIGIN;

  @TempDir Path dir;

  private static String token(String subject) {
    return FakeTokenVerifier.token(subject, Instant.now().plusSeconds(600));
  }

  private static Clients.Recording open(EmbeddedServer server, String subject) throws Exception {
    Clients.Recording c =
        new Clients.Recording(
            server.uri("/ws?token=" + token(subject)), Map.of("Origin", EmbeddedServer.ORIGIN));
    assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).as("open for " + subject).isTrue();
    return c;
  }

  private static int upgrade(EmbeddedServer server, String subject) throws Exception {
    return RawHttp.exchange(server.port, RawHttp.upgrade("/ws?token=" + token(subject), ORIGIN))
        .status();
  }

  /** Waits until Redis holds {@code count} for the subject, then lets every instance read it. */
  private static void settle(RedisProcess redis, int count, RedisConnectionLeases... all)
      throws Exception {
    String expected = count == 0 ? "$-1\r\n" : "$1\r\n" + count + "\r\n";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!redis.command("HGET", "it:conn:counts", "default\u0000alice").equals(expected)) {
      assertThat(System.nanoTime()).as("published to Redis").isLessThan(deadline);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // poll the background exchange
    }
    for (RedisConnectionLeases l : all) {
      assertThat(l.sync()).isTrue();
    }
  }

  @Test
  void perSubjectCap_acrossTwoServers_overCapGets429OnEither() throws Exception {
    try (RedisProcess redis = RedisProcess.start(dir);
        RedisCluster c1 = cluster(redis);
        RedisCluster c2 = cluster(redis)) {
      RedisConnectionLeases l1 = c1.connectionLeases(LeaseSettings.of(0, 2));
      RedisConnectionLeases l2 = c2.connectionLeases(LeaseSettings.of(0, 2));
      c1.start(order -> 0);
      c2.start(order -> 0);
      try (EmbeddedServer s1 = EmbeddedServer.builder().clusterLimits(l1).start();
          EmbeddedServer s2 = EmbeddedServer.builder().clusterLimits(l2).start()) {
        Clients.Recording a1 = open(s1, "alice");
        Clients.Recording a2 = open(s2, "alice");
        settle(redis, 2, l1, l2);

        assertThat(upgrade(s1, "alice")).isEqualTo(429);
        assertThat(upgrade(s2, "alice")).isEqualTo(429);
        assertThat(upgrade(s1, "bob")).isEqualTo(101);

        a2.closeBlocking();
        settle(redis, 1, l1, l2);
        Clients.Recording a3 = open(s1, "alice");
        // bob's upgrade above was accepted and its socket closed by the client: the server counts
        // it until it reads that close, so wait for it rather than race it
        await("bob's closed connection released")
            .atMost(Duration.ofSeconds(10))
            .until(() -> s1.server.openConnections() == 2);
        a1.closeBlocking();
        a3.closeBlocking();
      }
    }
  }

  private static RedisCluster cluster(RedisProcess redis) {
    RedisSettings defaults = RedisSettings.of(redis.uri());
    return RedisCluster.create(
        new RedisSettings(
            defaults.uri(),
            null,
            defaults.commandTimeout(),
            defaults.connectTimeout(),
            new KeyPrefix("it"),
            defaults.resyncInterval(),
            defaults.breakerFailures(),
            defaults.breakerOpenFor(),
            defaults.disconnectWait(),
            defaults.leaseTime(),
            defaults.limitsSyncInterval(),
            defaults.failuresFlushInterval()),
        new DenyList(),
        Clock.systemUTC());
  }
}
