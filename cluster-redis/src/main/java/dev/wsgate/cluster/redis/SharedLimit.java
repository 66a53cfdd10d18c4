package dev.wsgate.cluster.redis;

/**
 * A limit shared through the cluster's link by background exchanges; {@link RedisCluster} starts
 * them after its first connection attempt and closes them before the link.
 */
interface SharedLimit {
  /** Starts the background exchanges. */
  void start();

  /** Whether the limit runs on its per-instance fallback. */
  boolean degraded();

  /** What the fallback means, for the cluster's health detail. */
  String fallback();

  /** Stops the exchanges. */
  void close();
}
