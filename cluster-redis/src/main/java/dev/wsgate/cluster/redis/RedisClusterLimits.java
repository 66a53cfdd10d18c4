package dev.wsgate.cluster.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;

/**
 * Builds the cluster-wide limits on one Redis connection and starts their background exchanges; the
 * server calls it when {@code wsgate.cluster=redis}. The connection may be shared with the
 * cluster's other features (Lettuce pipelines commands); close what this returns before it.
 */
public final class RedisClusterLimits {
  private RedisClusterLimits() {}

  /**
   * Connection limits shared by the cluster, for the adapter's admission (see {@link
   * RedisConnectionLeases}).
   */
  public static RedisConnectionLeases connectionLeases(
      StatefulRedisConnection<String, String> redis,
      KeyPrefix prefix,
      Clock clock,
      LeaseSettings settings) {
    return new RedisConnectionLeases(redis, prefix, clock, settings).start();
  }

  /**
   * Failed-handshake counts shared by the cluster, for {@link dev.wsgate.gate.FailureRateLimiter}'s
   * constructor (see {@link RedisFailureCounts}).
   */
  public static RedisFailureCounts failureCounts(
      StatefulRedisConnection<String, String> redis,
      KeyPrefix prefix,
      Clock clock,
      FailureCountSettings settings) {
    return new RedisFailureCounts(redis, prefix, clock, settings).start();
  }
}
