package dev.wsgate.cluster.redis;

import dev.wsgate.spi.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How an instance reaches the cluster's Redis, with every default in one place. Immutable; {@link
 * #toString()} masks the password.
 *
 * @param uri {@code redis://[user@]host[:port][/db]} or {@code rediss://…} (TLS), without a
 *     password
 * @param password the password of the default user or of the URI's ACL user, or null
 * @param commandTimeout the longest any command may take; a handshake never waits longer on Redis
 * @param connectTimeout the longest a connection attempt may take
 * @param keyPrefix the prefix of every key and channel
 * @param resyncInterval how often the local deny list is compared with Redis's
 * @param breakerFailures consecutive failed commands that open the circuit breaker
 * @param breakerOpenFor how long an open breaker keeps calls away from Redis
 * @param disconnectWait how long a disconnect waits for other instances' acknowledgements
 * @param leaseTime how long an instance's connections keep counting toward the cluster's limits
 *     after its last exchange with Redis; at least 3 × ({@code limitsSyncInterval} + {@code
 *     commandTimeout})
 * @param limitsSyncInterval how often an instance exchanges its connection counts
 * @param failuresFlushInterval how often an instance sends its counted handshake failures
 */
public record RedisSettings(
    String uri,
    @Nullable Secret password,
    Duration commandTimeout,
    Duration connectTimeout,
    KeyPrefix keyPrefix,
    Duration resyncInterval,
    int breakerFailures,
    Duration breakerOpenFor,
    Duration disconnectWait,
    Duration leaseTime,
    Duration limitsSyncInterval,
    Duration failuresFlushInterval) {

  /** Default command timeout: a loopback or same-zone Redis answers in well under a millisecond. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(250);

  /** Default connect timeout. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** Default resync interval. */
  public static final Duration DEFAULT_RESYNC_INTERVAL = Duration.ofSeconds(5);

  /** Default consecutive failures that open the breaker. */
  public static final int DEFAULT_BREAKER_FAILURES = 3;

  /** Default time an open breaker stays open. */
  public static final Duration DEFAULT_BREAKER_OPEN_FOR = Duration.ofSeconds(5);

  /** Default wait for disconnect acknowledgements: the promise is "within 1 s". */
  public static final Duration DEFAULT_DISCONNECT_WAIT = Duration.ofMillis(800);

  /** Default lease time: a crashed instance's connections stop counting within it. */
  public static final Duration DEFAULT_LEASE_TIME = Duration.ofSeconds(15);

  /** Default interval of the connection counts' exchange: the window of their overshoot. */
  public static final Duration DEFAULT_LIMITS_SYNC_INTERVAL = Duration.ofMillis(200);

  /** Default interval of the failure counts' flush: the window of their overshoot. */
  public static final Duration DEFAULT_FAILURES_FLUSH_INTERVAL = Duration.ofMillis(200);

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException naming what is wrong (never the password)
   */
  public RedisSettings {
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    checkUri(uri);
    String user = URI.create(uri).getUserInfo();
    if (user != null && !user.isEmpty() && password == null) {
      throw new IllegalArgumentException(
          "names the ACL user '" + user + "' but wsgate.cluster.redis.password is not set");
    }
    positive(commandTimeout, "command timeout");
    positive(connectTimeout, "connect timeout");
    positive(resyncInterval, "resync interval");
    positive(breakerOpenFor, "breaker open time");
    positive(disconnectWait, "disconnect wait");
    positive(leaseTime, "lease time");
    positive(limitsSyncInterval, "limits sync interval");
    positive(failuresFlushInterval, "failures flush interval");
    if (leaseTime.compareTo(minimumLeaseTime(limitsSyncInterval, commandTimeout)) < 0) {
      throw new IllegalArgumentException(
          "the lease time must be at least "
              + minimumLeaseTime(limitsSyncInterval, commandTimeout).toMillis()
              + "ms (3 × (sync interval + command timeout)), got "
              + leaseTime.toMillis()
              + "ms");
    }
    if (breakerFailures < 1) {
      throw new IllegalArgumentException("the breaker opens after at least 1 failure");
    }
    if (disconnectWait.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException("the disconnect wait is at most 1s");
    }
  }

  /** Settings with every default for {@code uri}. */
  public static RedisSettings of(String uri) {
    return new RedisSettings(
        uri,
        null,
        DEFAULT_COMMAND_TIMEOUT,
        DEFAULT_CONNECT_TIMEOUT,
        new KeyPrefix(KeyPrefix.DEFAULT),
        DEFAULT_RESYNC_INTERVAL,
        DEFAULT_BREAKER_FAILURES,
        DEFAULT_BREAKER_OPEN_FOR,
        DEFAULT_DISCONNECT_WAIT,
        DEFAULT_LEASE_TIME,
        DEFAULT_LIMITS_SYNC_INTERVAL,
        DEFAULT_FAILURES_FLUSH_INTERVAL);
  }

  /**
   * The shortest lease time for a sync interval and command timeout: three exchanges, each as late
   * as the timeout allows, may be missed before another instance stops counting this one's
   * connections.
   */
  public static Duration minimumLeaseTime(Duration syncInterval, Duration commandTimeout) {
    return syncInterval.plus(commandTimeout).multipliedBy(3);
  }

  /** The database number of the URI's path ({@code redis://host/2}), 0 without one. */
  public int database() {
    String path = URI.create(uri).getPath();
    return path == null || path.isEmpty() || path.equals("/")
        ? 0
        : Integer.parseInt(path.substring(1));
  }

  /** The password, when one is set. */
  public Optional<Secret> passwordSecret() {
    return Optional.ofNullable(password);
  }

  private static void checkUri(String uri) {
    URI u;
    try {
      u = new URI(Objects.requireNonNull(uri, "uri"));
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("is not a URI: expected redis://host:port or rediss://…");
    }
    String scheme = u.getScheme();
    if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
      throw new IllegalArgumentException(
          "must start with redis:// or rediss:// (TLS), got '" + scheme + ":'");
    }
    if (u.getHost() == null || u.getHost().isEmpty()) {
      throw new IllegalArgumentException("names no host: expected redis://host:port");
    }
    String userInfo = u.getRawUserInfo();
    if (userInfo != null && userInfo.contains(":")) {
      // the URI is printed and logged; the password has its own key and ${env:}/${file:} forms
      throw new IllegalArgumentException(
          "must not hold a password; set wsgate.cluster.redis.password instead");
    }
    String path = u.getPath();
    if (path != null && !path.isEmpty() && !path.matches("/([0-9]{1,2})?")) {
      throw new IllegalArgumentException("has a path other than a database number, such as /0");
    }
    if (u.getRawQuery() != null || u.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "takes no query or fragment; timeouts have their own keys");
    }
  }

  private static void positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException("the " + what + " must be longer than 0");
    }
  }

  @Override
  public String toString() {
    return "RedisSettings[uri="
        + uri
        + ", password="
        + (password == null ? "none" : "****")
        + ", commandTimeout="
        + commandTimeout
        + ", keyPrefix="
        + keyPrefix.value()
        + "]";
  }
}
