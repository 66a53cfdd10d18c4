package dev.wsgate.server.config;

import dev.wsgate.cluster.ClusterState;
import dev.wsgate.cluster.redis.KeyPrefix;
import dev.wsgate.cluster.redis.RedisCluster;
import dev.wsgate.cluster.redis.RedisSettings;
import dev.wsgate.config.ConfigReader;
import dev.wsgate.gate.DenyList;
import dev.wsgate.gate.InMemoryTicketStore;
import dev.wsgate.spi.Secret;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code wsgate.cluster*} keys: {@code wsgate.cluster=none} (the default: one instance, nothing
 * shared) or {@code redis}, with the Redis engine's own keys under {@code wsgate.cluster.redis.}
 * and the timings of the cluster-wide limits ({@link #LIMIT_KEYS}). Makes the cluster state without
 * I/O; the server starts it.
 */
final class ClusterKeys {
  static final String MODE = "wsgate.cluster";
  private static final String REDIS = "wsgate.cluster.redis.";
  private static final List<String> REDIS_KEYS =
      List.of(
          "uri",
          "password",
          "command-timeout",
          "connect-timeout",
          "key-prefix",
          "resync-interval",
          "breaker.failures",
          "breaker.open-for",
          "disconnect-wait");
  private static final String LEASE_TIME = "wsgate.cluster.lease-time";
  private static final String SYNC_INTERVAL = "wsgate.cluster.limits.sync-interval";
  private static final String FLUSH_INTERVAL = "wsgate.cluster.rate-limit.flush-interval";

  /** The timings of the cluster-wide limits, read with any engine that shares them. */
  private static final List<String> LIMIT_KEYS = List.of(LEASE_TIME, SYNC_INTERVAL, FLUSH_INTERVAL);

  private ClusterKeys() {}

  /** The cluster state the keys ask for; the standalone one when a problem was recorded. */
  static ClusterState read(ConfigReader r, DenyList denyList, Clock clock) {
    String mode = r.string("none", MODE).toLowerCase(Locale.ROOT);
    switch (mode) {
      case "none":
        for (String k : REDIS_KEYS) {
          if (r.optional(REDIS + k).isPresent()) {
            r.problem(REDIS + k + " is set but " + MODE + " is not redis");
          }
        }
        for (String k : LIMIT_KEYS) {
          if (r.optional(k).isPresent()) {
            r.problem(k + " is set but " + MODE + " is not redis");
          }
        }
        return standalone();
      case "redis":
        return redis(r)
            .<ClusterState>map(s -> RedisCluster.create(s, denyList, clock))
            .orElseGet(ClusterKeys::standalone);
      default:
        r.problem(MODE + " expected none or redis, got '" + mode + "'");
        REDIS_KEYS.forEach(k -> r.markKnown(REDIS + k));
        LIMIT_KEYS.forEach(r::markKnown);
        return standalone();
    }
  }

  private static ClusterState standalone() {
    return ClusterState.standalone(
        new InMemoryTicketStore(InMemoryTicketStore.DEFAULT_MAX_ENTRIES));
  }

  private static Optional<RedisSettings> redis(ConfigReader r) {
    Optional<String> uri = r.optional(REDIS + "uri");
    Optional<String> password = r.optional(REDIS + "password");
    Duration command = positive(r, "command-timeout", RedisSettings.DEFAULT_COMMAND_TIMEOUT);
    Duration connect = positive(r, "connect-timeout", RedisSettings.DEFAULT_CONNECT_TIMEOUT);
    String prefix = r.string(KeyPrefix.DEFAULT, REDIS + "key-prefix");
    Duration resync = positive(r, "resync-interval", RedisSettings.DEFAULT_RESYNC_INTERVAL);
    int failures =
        r.integer(RedisSettings.DEFAULT_BREAKER_FAILURES, 1, 1000, REDIS + "breaker.failures");
    Duration openFor = positive(r, "breaker.open-for", RedisSettings.DEFAULT_BREAKER_OPEN_FOR);
    Duration wait = positive(r, "disconnect-wait", RedisSettings.DEFAULT_DISCONNECT_WAIT);
    Duration lease = positive(r, LEASE_TIME, RedisSettings.DEFAULT_LEASE_TIME);
    Duration sync = positive(r, SYNC_INTERVAL, RedisSettings.DEFAULT_LIMITS_SYNC_INTERVAL);
    Duration flush = positive(r, FLUSH_INTERVAL, RedisSettings.DEFAULT_FAILURES_FLUSH_INTERVAL);
    Duration shortest = RedisSettings.minimumLeaseTime(sync, command);
    boolean leaseTooShort = lease.compareTo(shortest) < 0;
    if (leaseTooShort) {
      r.problem(
          LEASE_TIME
              + " must be at least 3 × ("
              + SYNC_INTERVAL
              + " + "
              + REDIS
              + "command-timeout) = "
              + shortest.toMillis()
              + "ms, got "
              + lease.toMillis()
              + "ms");
    }
    if (wait.compareTo(Duration.ofSeconds(1)) > 0) {
      r.problem(REDIS + "disconnect-wait must be at most 1s (disconnects answer within 1 s)");
      return Optional.empty();
    }
    if (uri.isEmpty()) {
      r.problem(MODE + "=redis needs " + REDIS + "uri, such as redis://127.0.0.1:6379");
      return Optional.empty();
    }
    if (leaseTooShort) {
      return Optional.empty();
    }
    KeyPrefix keyPrefix;
    try {
      keyPrefix = new KeyPrefix(prefix);
    } catch (IllegalArgumentException e) {
      r.problem(REDIS + "key-prefix " + e.getMessage() + ", got '" + prefix + "'");
      return Optional.empty();
    }
    try {
      return Optional.of(
          new RedisSettings(
              uri.get(),
              password.map(Secret::of).orElse(null),
              command,
              connect,
              keyPrefix,
              resync,
              failures,
              openFor,
              wait,
              lease,
              sync,
              flush));
    } catch (IllegalArgumentException e) {
      // what is left to refuse is the URI's; the message never holds the password
      r.problem(REDIS + "uri " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * A duration key's value (a key under {@code wsgate.cluster.redis.} unless it starts with {@code
   * wsgate.}); a problem naming the key, and the default, when it is not positive.
   */
  private static Duration positive(ConfigReader r, String key, Duration fallback) {
    String full = key.startsWith("wsgate.") ? key : REDIS + key;
    Duration d = r.duration(fallback, full);
    if (d.isZero() || d.isNegative()) {
      r.problem(full + " must be longer than 0");
      return fallback;
    }
    return d;
  }
}
