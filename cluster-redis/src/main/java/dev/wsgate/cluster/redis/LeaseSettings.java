package dev.wsgate.cluster.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link RedisConnectionLeases} shares the connection limits; the defaults of its timings are
 * in {@link RedisSettings}.
 *
 * @param maxConnections open connections in the whole cluster, 0 for no limit ({@code
 *     wsgate.limits.max-connections})
 * @param maxConnectionsPerSubject open connections per tenant and subject in the whole cluster, 0
 *     for no limit ({@code wsgate.limits.max-connections-per-subject})
 * @param leaseTime how long an instance's connections keep counting after its last exchange with
 *     Redis ({@code wsgate.cluster.lease-time}); a crashed instance's connections stop counting
 *     within it
 * @param syncInterval how often an instance publishes its counts and reads the cluster's ({@code
 *     wsgate.cluster.limits.sync-interval}); the window of the documented overshoot
 * @param timeout how long one exchange may take before the instance counts as cut off ({@code
 *     wsgate.cluster.redis.command-timeout})
 * @param maxFullSubjects the most subjects at their cap an exchange reads back
 */
public record LeaseSettings(
    int maxConnections,
    int maxConnectionsPerSubject,
    Duration leaseTime,
    Duration syncInterval,
    Duration timeout,
    int maxFullSubjects) {

  /** Default {@link #maxFullSubjects}. */
  public static final int DEFAULT_MAX_FULL_SUBJECTS = 10_000;

  /** Validates the components. */
  public LeaseSettings {
    Objects.requireNonNull(leaseTime, "leaseTime");
    Objects.requireNonNull(syncInterval, "syncInterval");
    Objects.requireNonNull(timeout, "timeout");
    if (maxConnections < 0 || maxConnectionsPerSubject < 0 || maxFullSubjects < 1) {
      throw new IllegalArgumentException("limits must be 0 (none) or positive");
    }
    if (syncInterval.isNegative()
        || syncInterval.isZero()
        || timeout.isNegative()
        || timeout.isZero()) {
      throw new IllegalArgumentException("sync interval and timeout must be positive");
    }
    if (leaseTime.compareTo(RedisSettings.minimumLeaseTime(syncInterval, timeout)) < 0) {
      throw new IllegalArgumentException(
          "wsgate.cluster.lease-time must be at least 3 times (sync interval + timeout), got "
              + leaseTime.toMillis()
              + " ms");
    }
  }

  /** The given limits with the default lease time, interval and timeout ({@link RedisSettings}). */
  public static LeaseSettings of(int maxConnections, int maxConnectionsPerSubject) {
    return new LeaseSettings(
        maxConnections,
        maxConnectionsPerSubject,
        RedisSettings.DEFAULT_LEASE_TIME,
        RedisSettings.DEFAULT_LIMITS_SYNC_INTERVAL,
        RedisSettings.DEFAULT_COMMAND_TIMEOUT,
        DEFAULT_MAX_FULL_SUBJECTS);
  }
}
