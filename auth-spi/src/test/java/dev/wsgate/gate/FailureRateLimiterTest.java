package dev.wsgate.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

final class FailureRateLimiterTest {
  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-11-29T10:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private final ManualClock clock = new ManualClock();

  @Test
  void retryAfter_burstExhausted_refusesUntilRefilled() {
    FailureRateLimiter limiter = new FailureRateLimiter(3, 60, 100, clock);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.retryAfter("10.0.0.1")).isZero();
      limiter.recordFailure("10.0.0.1");
    }
    assertThat(limiter.retryAfter("10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
    assertThat(limiter.retryAfter("10.0.0.2")).as("other addresses unaffected").isZero();
    clock.advance(Duration.ofMillis(999));
    assertThat(limiter.retryAfter("10.0.0.1")).isPositive();
    clock.advance(Duration.ofMillis(1));
    assertThat(limiter.retryAfter("10.0.0.1")).isZero();
  }

  @Test
  void recordFailure_sustainedAtRate_neverRefused() {
    FailureRateLimiter limiter = new FailureRateLimiter(2, 60, 100, clock);
    for (int i = 0; i < 100; i++) {
      assertThat(limiter.retryAfter("a")).isZero();
      limiter.recordFailure("a");
      clock.advance(Duration.ofSeconds(1));
    }
  }

  @Test
  void recordFailure_manyAddresses_boundedMemory() {
    FailureRateLimiter limiter = new FailureRateLimiter(5, 60, 50, clock);
    for (int i = 0; i < 1000; i++) {
      limiter.recordFailure("addr-" + i);
      assertThat(limiter.trackedAddresses()).isLessThanOrEqualTo(50);
    }
  }
}
