package dev.wsgate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsgate.spi.Failure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

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

  /** What suggests guessing or garbage (issue 16); everything else must not lock out a NAT. */
  private static final Set<Failure> GUESSING_OR_GARBAGE =
      EnumSet.of(
          Failure.MALFORMED_TOKEN,
          Failure.INVALID_SIGNATURE,
          Failure.UNKNOWN_KEY,
          Failure.UNSUPPORTED_ALGORITHM,
          Failure.BAD_REQUEST,
          Failure.AMBIGUOUS_TOKEN,
          Failure.TOKEN_TOO_LARGE);

  @ParameterizedTest
  @EnumSource(Failure.class)
  void counts_onlyGuessingOrGarbage(Failure failure) {
    assertThat(FailureRateLimiter.counts(failure))
        .as(failure.name())
        .isEqualTo(GUESSING_OR_GARBAGE.contains(failure));
  }

  @Test
  void counts_whatWellBehavedClientsHit_isFalse() {
    for (Failure f :
        EnumSet.of(
            Failure.EXPIRED,
            Failure.NOT_YET_VALID,
            Failure.MISSING_TOKEN,
            Failure.WRONG_ISSUER,
            Failure.WRONG_AUDIENCE,
            Failure.INSUFFICIENT_SCOPE,
            Failure.REVOKED,
            Failure.ORIGIN_NOT_ALLOWED,
            Failure.SUBJECT_MISMATCH,
            Failure.RATE_LIMITED,
            Failure.PROVIDER_UNAVAILABLE,
            Failure.INTERNAL_ERROR,
            Failure.NOT_AN_UPGRADE,
            Failure.NO_ENDPOINT,
            Failure.REQUEST_TIMEOUT,
            Failure.UNSUPPORTED_VERSION,
            Failure.REQUEST_TOO_LARGE)) {
      assertThat(FailureRateLimiter.counts(f)).as(f.name()).isFalse();
    }
  }

  @Test
  void recordFailure_sprayOverAFullTable_keepsTheOffendersRefused() {
    FailureRateLimiter limiter = new FailureRateLimiter(5, 1, 1_000, clock);
    for (int o = 0; o < 10; o++) {
      for (int i = 0; i < 5; i++) {
        limiter.recordFailure("198.51.100." + o);
      }
    }
    for (int i = 0; i < 100_000; i++) {
      limiter.recordFailure("spray-" + i);
    }

    assertThat(limiter.trackedAddresses()).isEqualTo(1_000);
    for (int o = 0; o < 10; o++) {
      assertThat(limiter.retryAfter("198.51.100." + o)).as("offender %d", o).isPositive();
    }
    assertThat(limiter.retryAfter("spray-99999")).isZero();
  }

  @Test
  void recordFailure_newAddressInAFullTable_replacesAnIdleOneBeforeASpentOne() {
    FailureRateLimiter limiter = new FailureRateLimiter(3, 1, 2, clock);
    for (int i = 0; i < 3; i++) {
      limiter.recordFailure("spent");
    }
    limiter.recordFailure("idle");
    clock.advance(Duration.ofMinutes(1)); // "idle" is full again, "spent" has one token

    for (int i = 0; i < 20; i++) {
      limiter.recordFailure("newcomer-" + i);
    }

    assertThat(limiter.trackedAddresses()).isEqualTo(2);
    limiter.recordFailure("spent");
    assertThat(limiter.retryAfter("spent")).isPositive();
  }

  @Test
  void recordFailure_fullTable_leavesOtherBudgetsAlone() {
    FailureRateLimiter limiter = new FailureRateLimiter(2, 1, 100, clock);
    for (int i = 0; i < 2; i++) {
      limiter.recordFailure("10.0.0.1");
    }
    for (int i = 0; i < 99; i++) {
      limiter.recordFailure("10.1.0." + i);
    }
    limiter.recordFailure("10.2.0.0"); // one more than fits: one bucket goes, not all

    assertThat(limiter.trackedAddresses()).isEqualTo(100);
    assertThat(limiter.retryAfter("10.0.0.1")).isPositive();
  }

  @ParameterizedTest
  @CsvSource({
    "2001:db8:1:2::1, 2001:db8:1:2:ffff:ffff:ffff:ffff, 64, true",
    "2001:db8:1:2::1, 2001:db8:1:3::1, 64, false",
    "[2001:db8:1:2::1], 2001:DB8:1:2:0:0:0:9, 64, true",
    "fe80::1%eth0, fe80::2, 64, true",
    "2001:db8:1:2::1, 2001:db8:1:3::1, 48, true",
    "2001:db8:1:2::1, 2001:db8:1:2::2, 128, false",
    "::ffff:203.0.113.7, 203.0.113.7, 64, true",
    "::ffff:cb00:7107, 203.0.113.7, 64, true",
    "203.0.113.7, 203.0.113.8, 64, false",
  })
  void retryAfter_ipv6_sharesTheBudgetOfItsPrefix(
      String spender, String other, int prefix, boolean shared) {
    FailureRateLimiter limiter = new FailureRateLimiter(1, 1, 100, prefix, clock);
    limiter.recordFailure(spender);

    assertThat(limiter.retryAfter(spender)).isPositive();
    assertThat(limiter.retryAfter(other).isZero()).isEqualTo(!shared);
  }

  @ParameterizedTest
  @CsvSource({
    "2001:db8:1:2:3:4:5:6, 64, 2001:db8:1:2:0:0:0:0/64",
    "2001:db8:1:2:3:4:5:6, 56, 2001:db8:1:0:0:0:0:0/56",
    "2001:db8:1:2:3:4:5:6, 128, 2001:db8:1:2:3:4:5:6/128",
    "::ffff:10.0.0.1, 64, 10.0.0.1",
    "10.0.0.1, 64, 10.0.0.1",
    "not-an-address, 64, not-an-address",
    "evil.example:443, 64, evil.example:443",
    "zz::1, 64, zz::1",
    "1.2.3.4:80, 64, 1.2.3.4:80",
    "-, 64, -",
  })
  void key_addresses_areNormalisedWithoutLookup(String address, int prefix, String key) {
    assertThat(FailureRateLimiter.key(address, prefix)).isEqualTo(key);
  }

  @Test
  void constructor_badNumbers_throw() {
    assertThatThrownBy(() -> new FailureRateLimiter(1, 1, 1, 0, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ipv6Prefix");
    assertThatThrownBy(() -> new FailureRateLimiter(1, 1, 1, 129, clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FailureRateLimiter(0, 1, 1, clock))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retryAfter_refillsWithTheClock_neverAboveTheBurst() {
    FailureRateLimiter limiter = new FailureRateLimiter(2, 60, 100, clock);
    limiter.recordFailure("a");
    clock.advance(Duration.ofHours(1)); // far more than the burst comes back, capped at 2
    limiter.recordFailure("a");
    limiter.recordFailure("a");

    assertThat(limiter.retryAfter("a")).isEqualTo(Duration.ofSeconds(1));
  }
}
