package dev.wsgate.adapter.jetty;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

final class ExpiryPolicyTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration JITTER = Duration.ofSeconds(10);

  @Test
  void policy_negativeJitter_throws() {
    assertThatThrownBy(() -> ExpiryPolicy.closeOnExpiry(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
