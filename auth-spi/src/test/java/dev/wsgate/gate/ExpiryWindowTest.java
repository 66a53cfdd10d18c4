package dev.wsgate.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

final class ExpiryWindowTest {
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  private static final Duration JITTER = Duration.ofSeconds(10);

  @Test
  void closeAt_alreadyExpired_isNow() {
    assertThat(ExpiryWindow.closeAt(NOW.minusSeconds(5), NOW, JITTER, 0.5)).isEqualTo(NOW);
    assertThat(ExpiryWindow.closeAt(NOW, NOW, JITTER, 0.5)).isEqualTo(NOW);
  }

  @Test
  void closeAt_longLivedToken_spreadsOverTheJitterBeforeExp() {
    Instant exp = NOW.plusSeconds(3600);
    assertThat(ExpiryWindow.closeAt(exp, NOW, JITTER, 0.0)).isEqualTo(exp);
    assertThat(ExpiryWindow.closeAt(exp, NOW, JITTER, 0.5)).isEqualTo(exp.minusSeconds(5));
    assertThat(ExpiryWindow.closeAt(exp, NOW, JITTER, 1.0)).isEqualTo(exp.minusSeconds(10));
  }

  @Test
  void closeAt_shortLivedToken_windowIsAtMostHalfTheRemainingLifetime() {
    Instant exp = NOW.plusSeconds(4);
    assertThat(ExpiryWindow.closeAt(exp, NOW, JITTER, 1.0)).isEqualTo(NOW.plusSeconds(2));
  }

  @Test
  void closeAt_outOfRangeRandom_neverAfterExpNorBeforeTheWindow() {
    Instant exp = NOW.plusSeconds(3600);
    assertThat(ExpiryWindow.closeAt(exp, NOW, JITTER, -3)).isEqualTo(exp);
    assertThat(ExpiryWindow.closeAt(exp, NOW, JITTER, 7)).isEqualTo(exp.minusSeconds(10));
  }
}
