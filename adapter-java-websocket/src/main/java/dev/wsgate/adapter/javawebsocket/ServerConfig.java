package dev.wsgate.adapter.javawebsocket;

import dev.wsgate.gate.FailureRateLimiter;
import dev.wsgate.gate.TrustedProxies;
import dev.wsgate.session.SessionPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The transport settings of a server: where it listens and the limits it enforces before and after
 * the upgrade. Every default lives here.
 *
 * @param host the listen address ({@code wsgate.listen.host})
 * @param port the listen port, 0 for any free one ({@code wsgate.listen.port})
 * @param backlog the accept queue length ({@code wsgate.listen.backlog})
 * @param paths the request paths that upgrade; every other path gets 404 ({@code wsgate.path},
 *     prefixed by each tenant's path prefix when tenants are resolved by path)
 * @param decoders Java-WebSocket decoder threads; handshakes and frames of a connection run on one
 *     of them ({@code wsgate.decoders})
 * @param handshakeTimeout how long a client may take to send a complete upgrade request ({@code
 *     wsgate.handshake.timeout})
 * @param handshakeMaxBytes the largest upgrade request accepted ({@code
 *     wsgate.handshake.max-bytes}); larger ones get 431
 * @param maxFrameBytes the largest WebSocket frame payload accepted ({@code
 *     wsgate.max-frame-bytes})
 * @param onExpiry what happens when a connection's token expires ({@code wsgate.session.on-expiry})
 * @param expiryJitter how far before {@code exp} expiry closes are spread ({@code
 *     wsgate.session.expiry-jitter})
 * @param refresh whether clients may send a fresh token in band ({@code wsgate.session.refresh})
 * @param maxLifetime the longest an open connection lives from its upgrade, across in-band
 *     refreshes and whatever its token's {@code exp} ({@code wsgate.session.max-lifetime})
 * @param revocationInterval how often open connections are checked against the revocation checks
 *     ({@code wsgate.session.revocation-interval})
 * @param trustedProxies proxies whose {@code X-Forwarded-For} is believed ({@code
 *     wsgate.trusted-proxies}: IPs or CIDR ranges)
 * @param limits open-connection limits ({@code wsgate.limits.*})
 * @param pingInterval how often idle connections are pinged; one without a pong for 1.5 times that
 *     is closed ({@code wsgate.session.ping-interval}, whole seconds)
 */
public record ServerConfig(
    String host,
    int port,
    int backlog,
    Set<String> paths,
    int decoders,
    Duration handshakeTimeout,
    int handshakeMaxBytes,
    int maxFrameBytes,
    ExpiryMode onExpiry,
    Duration expiryJitter,
    boolean refresh,
    Duration maxLifetime,
    Duration revocationInterval,
    List<String> trustedProxies,
    ConnectionLimits limits,
    Duration pingInterval) {

  /** Default {@code wsgate.listen.host}. */
  public static final String DEFAULT_HOST = "0.0.0.0";

  /** Default {@code wsgate.listen.port}. */
  public static final int DEFAULT_PORT = 8080;

  /** Default {@code wsgate.listen.backlog}. */
  public static final int DEFAULT_BACKLOG = 128;

  /** Default {@code wsgate.path}. */
  public static final String DEFAULT_PATH = "/ws";

  /** Default {@code wsgate.handshake.timeout}. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  /** Default {@code wsgate.handshake.max-bytes}. */
  public static final int DEFAULT_HANDSHAKE_MAX_BYTES = 32 * 1024;

  /** Default {@code wsgate.max-frame-bytes}. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;

  /** Default {@code wsgate.rate-limit.burst}: failed handshakes in a row per address. */
  public static final int DEFAULT_RATE_LIMIT_BURST = FailureRateLimiter.DEFAULT_BURST;

  /** Default {@code wsgate.rate-limit.per-minute}: sustained failed handshakes per address. */
  public static final int DEFAULT_RATE_LIMIT_PER_MINUTE = FailureRateLimiter.DEFAULT_PER_MINUTE;

  /** Default {@code wsgate.rate-limit.max-addresses}. */
  public static final int DEFAULT_RATE_LIMIT_MAX_ADDRESSES =
      FailureRateLimiter.DEFAULT_MAX_ADDRESSES;

  /** Default {@code wsgate.rate-limit.ipv6-prefix}: one bucket per /64, what one host owns. */
  public static final int DEFAULT_RATE_LIMIT_IPV6_PREFIX = FailureRateLimiter.DEFAULT_IPV6_PREFIX;

  /** Default {@code wsgate.session.ping-interval}. */
  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(30);

  /** Default {@code wsgate.session.revocation-interval}. */
  public static final Duration DEFAULT_REVOCATION_INTERVAL =
      SessionPolicy.DEFAULT_REVOCATION_INTERVAL;

  /** Default {@code wsgate.session.max-lifetime}. */
  public static final Duration DEFAULT_MAX_LIFETIME = SessionPolicy.DEFAULT_MAX_LIFETIME;

  /** Default {@code wsgate.session.expiry-jitter}. */
  public static final Duration DEFAULT_EXPIRY_JITTER = SessionPolicy.DEFAULT_EXPIRY_JITTER;

  /** Validates and copies the components. */
  public ServerConfig {
    Objects.requireNonNull(host, "host");
    paths = Set.copyOf(paths);
    trustedProxies = List.copyOf(trustedProxies);
    TrustedProxies.parse(trustedProxies);
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    Objects.requireNonNull(onExpiry, "onExpiry");
    Objects.requireNonNull(expiryJitter, "expiryJitter");
    Objects.requireNonNull(maxLifetime, "maxLifetime");
    Objects.requireNonNull(revocationInterval, "revocationInterval");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(pingInterval, "pingInterval");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535");
    }
    if (paths.isEmpty() || decoders < 1 || backlog < 1 || maxFrameBytes < 125) {
      throw new IllegalArgumentException("paths, decoders, backlog and max frame size are needed");
    }
  }

  /** The session settings: expiry closes, refresh, lifetime and revocation sweeps. */
  public SessionPolicy sessionPolicy() {
    return new SessionPolicy(
        onExpiry == ExpiryMode.CLOSE, expiryJitter, maxLifetime, refresh, revocationInterval);
  }

  /** The default decoder count: twice the processors, at least 8 (see README, "Threading"). */
  public static int defaultDecoders() {
    return Math.max(8, 2 * Runtime.getRuntime().availableProcessors());
  }

  /** The defaults with the given host, port and single path. */
  public static ServerConfig defaults(String host, int port, String path) {
    return new ServerConfig(
        host,
        port,
        DEFAULT_BACKLOG,
        Set.of(path),
        defaultDecoders(),
        DEFAULT_HANDSHAKE_TIMEOUT,
        DEFAULT_HANDSHAKE_MAX_BYTES,
        DEFAULT_MAX_FRAME_BYTES,
        ExpiryMode.CLOSE,
        DEFAULT_EXPIRY_JITTER,
        false,
        DEFAULT_MAX_LIFETIME,
        DEFAULT_REVOCATION_INTERVAL,
        List.of(),
        ConnectionLimits.defaults(),
        DEFAULT_PING_INTERVAL);
  }

  /** A copy with another decoder count. */
  public ServerConfig withDecoders(int decoders) {
    return new ServerConfig(
        host,
        port,
        backlog,
        paths,
        decoders,
        handshakeTimeout,
        handshakeMaxBytes,
        maxFrameBytes,
        onExpiry,
        expiryJitter,
        refresh,
        maxLifetime,
        revocationInterval,
        trustedProxies,
        limits,
        pingInterval);
  }
}
