package dev.wsgate.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

final class TimeWindowTest {
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  private static final Duration SKEW = Duration.ofSeconds(30);

  private static Failure failure(Instant exp, Instant nbf, Instant iat) {
    AuthenticationException e =
        catchThrowableOfType(
            AuthenticationException.class, () -> TimeWindow.check(exp, nbf, iat, NOW, SKEW));
    return e == null ? null : e.failure();
  }

  @Test
  void check_withinTheWindowAndSkew_passes() {
    assertThatCode(
            () ->
                TimeWindow.check(
                    NOW.minusSeconds(29), NOW.plusSeconds(30), NOW.plusSeconds(30), NOW, SKEW))
        .doesNotThrowAnyException();
  }

  @Test
  void check_eachClaimOutsideTheWindow_hasItsFailure() {
    assertThat(failure(null, null, null)).isEqualTo(Failure.MALFORMED_TOKEN);
    assertThat(failure(NOW.minusSeconds(30), null, null)).isEqualTo(Failure.EXPIRED);
    assertThat(failure(NOW.plusSeconds(60), NOW.plusSeconds(31), null))
        .isEqualTo(Failure.NOT_YET_VALID);
    assertThat(failure(NOW.plusSeconds(60), null, NOW.plusSeconds(31)))
        .isEqualTo(Failure.NOT_YET_VALID);
  }

  @Test
  void expired_atExpPlusSkew_isExpired() {
    assertThat(TimeWindow.expired(NOW.minusSeconds(29), NOW, SKEW)).isFalse();
    assertThat(TimeWindow.expired(NOW.minusSeconds(30), NOW, SKEW)).isTrue();
  }
}
