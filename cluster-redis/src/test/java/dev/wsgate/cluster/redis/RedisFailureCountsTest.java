package dev.wsgate.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.gate.FailureRateLimiter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Failed-handshake limiters of three instances sharing one budget per address through a real
 * redis-server; flushes stepped by hand, time by clock.
 */
final class RedisFailureCountsTest extends SharedRedis {
  private static final int BURST = 6;
  private static final int PER_MINUTE = 60;

  private record Instance(RedisFailureCounts counts, FailureRateLimiter limiter) {
    void fail(String address, int times) {
      for (int i = 0; i < times; i++) {
        limiter.recordFailure(address);
      }
    }
  }

  private Instance instance() {
    RedisFailureCounts counts =
        new RedisFailureCounts(
            link(),
            new KeyPrefix("t"),
            clock,
            new FailureCountSettings(
                BURST, PER_MINUTE, 1000, Duration.ofMillis(200), Duration.ofMillis(300)));
    toClose.add(counts);
    return new Instance(counts, new FailureRateLimiter(BURST, PER_MINUTE, 1000, 64, clock, counts));
  }

  private static void flushAll(Instance... instances) {
    for (Instance i : instances) {
      assertThat(i.counts.flush()).as("flush").isTrue();
    }
  }

  @Test
  void budget_sharedByInstances_failuresOnOneCountOnTheOthers() {
    Instance a = instance();
    Instance b = instance();
    Instance c = instance();
    a.fail("10.0.0.1", 2);
    b.fail("10.0.0.1", 2);
    c.fail("10.0.0.1", 2);
    assertThat(a.limiter.retryAfter("10.0.0.1")).as("not yet exchanged").isZero();

    flushAll(a, b, c);
    flushAll(a, b, c);

    for (Instance i : List.of(a, b, c)) {
      assertThat(i.limiter.retryAfter("10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
      assertThat(i.limiter.retryAfter("10.0.0.2")).isZero();
    }
    clock.advance(Duration.ofSeconds(1));
    assertThat(b.limiter.retryAfter("10.0.0.1")).as("refilled, cluster-wide").isZero();
  }

  @Test
  void ipv6_sharedByPrefix() {
    Instance a = instance();
    Instance b = instance();
    a.fail("2001:db8:0:1::1", 3);
    b.fail("2001:db8:0:1::2", 3);

    flushAll(a, b);
    flushAll(a, b);

    assertThat(a.limiter.retryAfter("2001:db8:0:1::99")).isPositive();
    assertThat(a.limiter.retryAfter("2001:db8:0:2::1")).isZero();
  }

  @Test
  void redisStopped_perInstanceBudgets_thenUnsentFailuresCountOnce() throws Exception {
    Instance a = instance();
    Instance b = instance();
    flushAll(a, b);
    redis.stop();
    a.fail("10.0.0.1", 4);

    long began = System.nanoTime();
    assertThat(a.counts.flush()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(2));
    assertThat(a.counts.degraded()).isTrue();
    assertThat(a.limiter.retryAfter("10.0.0.1")).as("a's own bucket has 2 left").isZero();
    a.fail("10.0.0.1", 2);
    assertThat(a.limiter.retryAfter("10.0.0.1")).as("a's own bucket").isPositive();

    redis.restart();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!a.counts.flush()) {
      assertThat(System.nanoTime()).as("reconnected").isLessThan(deadline);
    }
    assertThat(a.counts.flush()).isTrue();
    flushAll(b);

    assertThat(b.limiter.retryAfter("10.0.0.1")).as("a's failures reached b").isPositive();
    assertThat(redis.command("HGET", "t:fail:bucket:10.0.0.1", "t")).isEqualTo("$1\r\n0\r\n");
  }
}
