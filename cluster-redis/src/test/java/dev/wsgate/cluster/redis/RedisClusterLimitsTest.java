package dev.wsgate.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.cluster.ConnectionLeases;
import dev.wsgate.cluster.SharedFailureCounts;
import dev.wsgate.gate.DenyList;
import dev.wsgate.testkit.Eventually;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The limits made by {@link RedisCluster} share its one lazy connection: with Redis down at
 * start-up they run on their fallback, and they share through Redis once it comes.
 */
final class RedisClusterLimitsTest extends SharedRedis {
  private static final Duration SOON = Duration.ofSeconds(10);

  @Test
  void redisDownAtStart_limitsOnTheirFallback_thenSharedWhenRedisComes() throws Exception {
    redis.stop();
    RedisCluster cluster =
        RedisCluster.create(Instances.settings(redis.uri()), new DenyList(), clock);
    toClose.add(cluster);
    ConnectionLeases leases = cluster.connectionLeases(0, 1).orElseThrow();
    SharedFailureCounts failures = cluster.failureCounts(5, 60, 100).orElseThrow();
    cluster.start(order -> 0);

    assertThat(Eventually.holds(SOON, () -> leases.degraded() && failures.degraded())).isTrue();
    assertThat(cluster.health().available()).isFalse();
    assertThat(cluster.health().detail())
        .contains("connection limits on this instance's share", "failure limiter per instance");
    assertThat(leases.acquire("t1", "alice").lease()).as("the whole cap, alone").isNotNull();
    assertThat(leases.acquire("t1", "alice").refusedBy()).isEqualTo(ConnectionLeases.Limit.SUBJECT);

    redis.restart();

    assertThat(Eventually.holds(SOON, () -> !leases.degraded() && !failures.degraded())).isTrue();
    assertThat(Eventually.holds(SOON, () -> cluster.health().available())).isTrue();
    assertThat(
            Eventually.holds(
                SOON,
                () -> "$1\r\n1\r\n".equals(command("HGET", "test:conn:counts", "t1\u0000alice"))))
        .as("the connection held while Redis was away is published")
        .isTrue();
  }

  @Test
  void close_givesTheLeasesBack_beforeTheConnectionCloses() throws Exception {
    RedisCluster cluster =
        RedisCluster.create(Instances.settings(redis.uri()), new DenyList(), clock);
    RedisConnectionLeases leases = cluster.connectionLeases(LeaseSettings.of(0, 3));
    cluster.start(order -> 0);
    assertThat(leases.acquire("t1", "alice").lease()).isNotNull();
    assertThat(
            Eventually.holds(
                SOON,
                () -> "$1\r\n1\r\n".equals(command("HGET", "test:conn:counts", "t1\u0000alice"))))
        .isTrue();

    cluster.close();

    assertThat(command("HGET", "test:conn:counts", "t1\u0000alice")).isEqualTo("$-1\r\n");
    assertThat(command("ZCARD", "test:conn:instances")).isEqualTo(":0\r\n");
  }

  private String command(String... args) {
    try {
      return redis.command(args);
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
