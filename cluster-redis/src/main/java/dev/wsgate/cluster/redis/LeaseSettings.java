package dev.wsgate.cluster.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link RedisConnectionLeases} shares the connection limits. Every default lives here.
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
 *     wsgate.cluster.redis.timeout})
 * @param maxFullSubjects the most subjects at their cap an exchange reads back
 */
public record LeaseSettings(
    int maxConnections,
    int maxConnectionsPerSubject,
    Duration leaseTime,
    Duration syncInterval,
    Duration timeout,
    int maxFullSubjects) {

  /** Default {@code wsgate.cluster.lease-time}. */
  public static final Duration DEFAULT_LEASE_TIME = Duration.ofSeconds(15);

  /** Default {@code wsgate.cluster.limits.sync-interval}. */
  public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofMillis(200);

  /** Default exchange timeout when the cluster's Redis timeout is not given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);

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
    if (leaseTime.compareTo(syncInterval.plus(timeout).multipliedBy(3)) < 0) {
      throw new IllegalArgumentException(
          "wsgate.cluster.lease-time must be at least 3 times (sync interval + timeout), got "
              + leaseTime.toMillis()
              + " ms");
    }
  }

  /** The given limits with the default lease time, interval and timeout. */
  public static LeaseSettings of(int maxConnections, int maxConnectionsPerSubject) {
    return new LeaseSettings(
        maxConnections,
        maxConnectionsPerSubject,
        DEFAULT_LEASE_TIME,
        DEFAULT_SYNC_INTERVAL,
        DEFAULT_TIMEOUT,
        DEFAULT_MAX_FULL_SUBJECTS);
  }
}
