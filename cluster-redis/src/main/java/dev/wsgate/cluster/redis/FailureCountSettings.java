package dev.wsgate.cluster.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link RedisFailureCounts} shares the failed-handshake budget. The budget numbers are the
 * limiter's own ({@code wsgate.rate-limit.*}); the defaults of the sharing are in {@link
 * RedisSettings}.
 *
 * @param burst counted failures an address may have in a row, cluster-wide ({@code
 *     wsgate.rate-limit.burst})
 * @param perMinute counted failures per minute an address may sustain, cluster-wide ({@code
 *     wsgate.rate-limit.per-minute})
 * @param maxAddresses the most addresses with unflushed failures, and the most refused addresses
 *     read back ({@code wsgate.rate-limit.max-addresses})
 * @param flushInterval how often failures are sent and refusals read back ({@code
 *     wsgate.cluster.rate-limit.flush-interval}); the window of the documented overshoot
 * @param timeout how long one flush may take ({@code wsgate.cluster.redis.command-timeout})
 */
public record FailureCountSettings(
    int burst, int perMinute, int maxAddresses, Duration flushInterval, Duration timeout) {

  /** Validates the components. */
  public FailureCountSettings {
    Objects.requireNonNull(flushInterval, "flushInterval");
    Objects.requireNonNull(timeout, "timeout");
    if (burst < 1 || perMinute < 1 || maxAddresses < 1) {
      throw new IllegalArgumentException("burst, perMinute and maxAddresses must be positive");
    }
    if (flushInterval.isNegative()
        || flushInterval.isZero()
        || timeout.isNegative()
        || timeout.isZero()) {
      throw new IllegalArgumentException("flush interval and timeout must be positive");
    }
  }

  /** The given budget with the default flush interval and timeout ({@link RedisSettings}). */
  public static FailureCountSettings of(int burst, int perMinute, int maxAddresses) {
    return new FailureCountSettings(
        burst,
        perMinute,
        maxAddresses,
        RedisSettings.DEFAULT_FAILURES_FLUSH_INTERVAL,
        RedisSettings.DEFAULT_COMMAND_TIMEOUT);
  }
}
