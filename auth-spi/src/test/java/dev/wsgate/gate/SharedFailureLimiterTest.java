package dev.wsgate.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.cluster.SharedFailureCounts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** A limiter with a cluster's counts: failures are reported by bucket key, refusals combined. */
final class SharedFailureLimiterTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);

  /** A working stand-in for a cluster's counts: what it was told, and refusals set by the test. */
  private static final class FakeSharedCounts implements SharedFailureCounts {
    final List<String> recorded = new ArrayList<>();
    final Map<String, Long> refused = new ConcurrentHashMap<>();

    @Override
    public synchronized void recordFailure(String key) {
      recorded.add(key);
    }

    @Override
    public long refusedUntilMillis(String key) {
      return refused.getOrDefault(key, 0L);
    }

    @Override
    public boolean degraded() {
      return false;
    }

    @Override
    public void close() {}
  }

  @Test
  void recordFailure_reportsTheBucketKey_ipv6ByPrefix() {
    FakeSharedCounts shared = new FakeSharedCounts();
    FailureRateLimiter limiter = new FailureRateLimiter(5, 60, 100, 64, CLOCK, shared);

    limiter.recordFailure("10.0.0.1");
    limiter.recordFailure("2001:db8:0:1::7");

    assertThat(shared.recorded).containsExactly("10.0.0.1", "2001:db8:0:1:0:0:0:0/64");
  }

  @Test
  void retryAfter_clusterRefusesAnAddressWithAFullLocalBucket_refuses() {
    FakeSharedCounts shared = new FakeSharedCounts();
    FailureRateLimiter limiter = new FailureRateLimiter(5, 60, 100, 64, CLOCK, shared);
    shared.refused.put("10.0.0.1", CLOCK.millis() + 4_000);
    shared.refused.put("10.0.0.2", CLOCK.millis() - 1);

    assertThat(limiter.retryAfter("10.0.0.1")).isEqualTo(Duration.ofSeconds(4));
    assertThat(limiter.retryAfter("10.0.0.2")).as("a refusal in the past").isZero();
    assertThat(limiter.retryAfter("10.0.0.3")).isZero();
  }

  @Test
  void retryAfter_localBucketEmptyBeforeTheClusterKnows_refusesLocally() {
    FakeSharedCounts shared = new FakeSharedCounts();
    FailureRateLimiter limiter = new FailureRateLimiter(2, 60, 100, 64, CLOCK, shared);

    limiter.recordFailure("10.0.0.1");
    limiter.recordFailure("10.0.0.1");

    assertThat(limiter.retryAfter("10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
  }
}
