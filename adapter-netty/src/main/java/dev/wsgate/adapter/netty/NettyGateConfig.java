package dev.wsgate.adapter.netty;

import dev.wsgate.gate.TrustedProxies;
import dev.wsgate.internal.firstmessage.PendingAuthentications;
import dev.wsgate.session.SessionPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The transport settings of a {@link WsgateNetty}. Every default lives here.
 *
 * @param paths the request paths that upgrade; every other path gets 404 ({@code POST|OPTIONS
 *     {path}/ticket} is the ticket endpoint of the tenants that have tickets)
 * @param handshakeTimeout how long a client may take to send a complete upgrade request (408)
 * @param handshakeMaxBytes the largest upgrade request head, request line and header lines with
 *     their line ends (431), counted as the Java-WebSocket adapter counts it; Netty's HTTP decoder
 *     also stops a longer request line or header block while it reads
 * @param maxFrameBytes the largest WebSocket frame payload accepted, enforced by Netty's frame
 *     decoder (a larger frame closes the connection with 1009)
 * @param verifyThreads the threads where a verifier that may block runs ({@link
 *     dev.wsgate.spi.TokenVerifier#mayBlock()}); none are started when no verifier may block
 * @param sessions what happens to open connections
 * @param trustedProxies proxies whose {@code X-Forwarded-For} names the client (IPs or CIDR
 *     ranges); empty to take the peer's address as the client's
 * @param maxConnections open connections in total, 0 for no limit; one more gets 429
 * @param maxConnectionsPerSubject open connections per tenant and subject, 0 for no limit
 * @param maxPendingAuthentications connections upgraded without a token that wait for their
 *     authentication frame (first-message authentication), in total; one more gets 429
 * @param maxPendingAuthenticationsPerAddress the same per client address
 * @param pingInterval how long an upgraded connection may be silent both ways before it is pinged;
 *     one from which nothing was read for 1.5 times that is closed (a dead peer). Connections are
 *     looked at every quarter interval, so a ping or close comes up to a quarter interval later.
 *     Zero: no pings, and silent connections stay open
 */
public record NettyGateConfig(
    Set<String> paths,
    Duration handshakeTimeout,
    int handshakeMaxBytes,
    int maxFrameBytes,
    int verifyThreads,
    SessionPolicy sessions,
    List<String> trustedProxies,
    int maxConnections,
    int maxConnectionsPerSubject,
    int maxPendingAuthentications,
    int maxPendingAuthenticationsPerAddress,
    Duration pingInterval) {

  /** Default handshake timeout. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  /** Default largest request line and header block. */
  public static final int DEFAULT_HANDSHAKE_MAX_BYTES = 32 * 1024;

  /**
   * How long a peer may take to answer this side's close frame before the connection is closed
   * without its answer.
   */
  public static final Duration CLOSE_ANSWER_TIMEOUT = Duration.ofSeconds(5);

  /** Default largest frame payload. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;

  /** Validates and copies the components. */
  public NettyGateConfig {
    paths = Set.copyOf(paths);
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(pingInterval, "pingInterval");
    trustedProxies = List.copyOf(trustedProxies);
    TrustedProxies.parse(trustedProxies);
    if (paths.isEmpty()
        || handshakeTimeout.isNegative()
        || handshakeTimeout.isZero()
        || handshakeMaxBytes < 256
        || maxFrameBytes < 125
        || verifyThreads < 1) {
      throw new IllegalArgumentException(
          "paths, a positive handshake timeout, handshakeMaxBytes >= 256, maxFrameBytes >= 125"
              + " and verifyThreads >= 1 are needed");
    }
    if (maxConnections < 0 || maxConnectionsPerSubject < 0) {
      throw new IllegalArgumentException("connection limits must be 0 (none) or positive");
    }
    if (maxPendingAuthentications < 1 || maxPendingAuthenticationsPerAddress < 1) {
      throw new IllegalArgumentException("pending-authentication caps must be at least 1");
    }
    if (pingInterval.isNegative()) {
      throw new IllegalArgumentException("pingInterval must be 0 (no pings) or positive");
    }
  }

  /** Settings with the default pending-authentication caps and no pings. */
  public NettyGateConfig(
      Set<String> paths,
      Duration handshakeTimeout,
      int handshakeMaxBytes,
      int maxFrameBytes,
      int verifyThreads,
      SessionPolicy sessions,
      List<String> trustedProxies,
      int maxConnections,
      int maxConnectionsPerSubject) {
    this(
        paths,
        handshakeTimeout,
        handshakeMaxBytes,
        maxFrameBytes,
        verifyThreads,
        sessions,
        trustedProxies,
        maxConnections,
        maxConnectionsPerSubject,
        PendingAuthentications.DEFAULT_MAX_TOTAL,
        PendingAuthentications.DEFAULT_MAX_PER_ADDRESS,
        Duration.ZERO);
  }

  /** Settings without trusted proxies nor connection limits. */
  public NettyGateConfig(
      Set<String> paths,
      Duration handshakeTimeout,
      int handshakeMaxBytes,
      int maxFrameBytes,
      int verifyThreads,
      SessionPolicy sessions) {
    this(
        paths,
        handshakeTimeout,
        handshakeMaxBytes,
        maxFrameBytes,
        verifyThreads,
        sessions,
        List.of(),
        0,
        0);
  }

  /** The defaults for one upgrade path. */
  public static NettyGateConfig defaults(String path) {
    return new NettyGateConfig(
        Set.of(path),
        DEFAULT_HANDSHAKE_TIMEOUT,
        DEFAULT_HANDSHAKE_MAX_BYTES,
        DEFAULT_MAX_FRAME_BYTES,
        2 * Runtime.getRuntime().availableProcessors(),
        SessionPolicy.defaults());
  }

  /** This configuration with {@code policy} for open connections. */
  public NettyGateConfig withSessions(SessionPolicy policy) {
    return new NettyGateConfig(
        paths,
        handshakeTimeout,
        handshakeMaxBytes,
        maxFrameBytes,
        verifyThreads,
        policy,
        trustedProxies,
        maxConnections,
        maxConnectionsPerSubject,
        maxPendingAuthentications,
        maxPendingAuthenticationsPerAddress,
        pingInterval);
  }

  /** This configuration believing {@code X-Forwarded-For} from {@code proxies}. */
  public NettyGateConfig withTrustedProxies(List<String> proxies) {
    return new NettyGateConfig(
        paths,
        handshakeTimeout,
        handshakeMaxBytes,
        maxFrameBytes,
        verifyThreads,
        sessions,
        proxies,
        maxConnections,
        maxConnectionsPerSubject,
        maxPendingAuthentications,
        maxPendingAuthenticationsPerAddress,
        pingInterval);
  }

  /** This configuration with open-connection limits (0 for none). */
  public NettyGateConfig withConnectionLimits(int total, int perSubject) {
    return new NettyGateConfig(
        paths,
        handshakeTimeout,
        handshakeMaxBytes,
        maxFrameBytes,
        verifyThreads,
        sessions,
        trustedProxies,
        total,
        perSubject,
        maxPendingAuthentications,
        maxPendingAuthenticationsPerAddress,
        pingInterval);
  }

  /**
   * This configuration with caps on connections waiting for their authentication frame
   * (first-message authentication), in total and per client address.
   */
  public NettyGateConfig withPendingAuthentications(int total, int perAddress) {
    return new NettyGateConfig(
        paths,
        handshakeTimeout,
        handshakeMaxBytes,
        maxFrameBytes,
        verifyThreads,
        sessions,
        trustedProxies,
        maxConnections,
        maxConnectionsPerSubject,
        total,
        perAddress,
        pingInterval);
  }

  /**
   * This configuration pinging connections silent for {@code interval} and closing those that sent
   * nothing for 1.5 times that; zero for no pings.
   */
  public NettyGateConfig withPingInterval(Duration interval) {
    return new NettyGateConfig(
        paths,
        handshakeTimeout,
        handshakeMaxBytes,
        maxFrameBytes,
        verifyThreads,
        sessions,
        trustedProxies,
        maxConnections,
        maxConnectionsPerSubject,
        maxPendingAuthentications,
        maxPendingAuthenticationsPerAddress,
        interval);
  }
}
