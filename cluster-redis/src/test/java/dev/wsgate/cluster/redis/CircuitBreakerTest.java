package dev.wsgate.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

final class CircuitBreakerTest {
  private final AtomicLong nanos = new AtomicLong();
  private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(5), nanos::get);

  @Test
  void failures_belowTheThreshold_keepItClosed() {
    breaker.failure();
    breaker.failure();
    breaker.success();
    breaker.failure();
    breaker.failure();
    assertThat(breaker.allows()).isTrue();
  }

  @Test
  void failures_atTheThreshold_openItForItsTime_thenOneProbeDecides() {
    breaker.failure();
    breaker.failure();
    breaker.failure();
    assertThat(breaker.isOpen()).isTrue();
    nanos.addAndGet(Duration.ofMillis(4999).toNanos());
    assertThat(breaker.allows()).isFalse();
    nanos.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(breaker.allows()).as("a probe goes through").isTrue();
    breaker.failure();
    assertThat(breaker.allows()).as("a failed probe opens it again").isFalse();
    nanos.addAndGet(Duration.ofSeconds(5).toNanos());
    breaker.success();
    assertThat(breaker.isOpen()).isFalse();
    breaker.failure();
    assertThat(breaker.allows()).as("closed again: one failure is not enough").isTrue();
  }
}
