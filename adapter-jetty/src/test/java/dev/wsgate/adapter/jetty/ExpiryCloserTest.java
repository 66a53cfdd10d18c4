package dev.wsgate.adapter.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

final class ExpiryCloserTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration JITTER = Duration.ofSeconds(10);

  @Test
  void closeAt_alreadyExpired_isNow() {
    assertThat(ExpiryCloser.closeAt(NOW.minusSeconds(5), NOW, JITTER, 0.5)).isEqualTo(NOW);
    assertThat(ExpiryCloser.closeAt(NOW, NOW, JITTER, 0.5)).isEqualTo(NOW);
  }

  @Test
  void closeAt_longLivedToken_spreadsOverTheJitterBeforeExp() {
    Instant exp = NOW.plus(Duration.ofHours(1));

    assertThat(ExpiryCloser.closeAt(exp, NOW, JITTER, 0.0)).isEqualTo(exp);
    assertThat(ExpiryCloser.closeAt(exp, NOW, JITTER, 0.5)).isEqualTo(exp.minusSeconds(5));
    assertThat(ExpiryCloser.closeAt(exp, NOW, JITTER, 1.0)).isEqualTo(exp.minusSeconds(10));
  }

  @Test
  void closeAt_shortLivedToken_windowIsAtMostHalfTheRemainingLifetime() {
    Instant exp = NOW.plusSeconds(4);

    assertThat(ExpiryCloser.closeAt(exp, NOW, JITTER, 1.0)).isEqualTo(NOW.plusSeconds(2));
  }

  @Test
  void closeAt_outOfRangeRandom_neverAfterExp() {
    Instant exp = NOW.plus(Duration.ofHours(1));

    assertThat(ExpiryCloser.closeAt(exp, NOW, JITTER, -3)).isEqualTo(exp);
    assertThat(ExpiryCloser.closeAt(exp, NOW, JITTER, 7)).isEqualTo(exp.minusSeconds(10));
  }

  @Test
  void policy_negativeJitter_throws() {
    assertThatThrownBy(() -> ExpiryPolicy.closeOnExpiry(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
