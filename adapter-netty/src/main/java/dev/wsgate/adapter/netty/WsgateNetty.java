package dev.wsgate.adapter.netty;

import dev.wsgate.cluster.ConnectionLeases;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.TicketEndpoint;
import dev.wsgate.gate.TrustedProxies;
import dev.wsgate.internal.AdapterThreads;
import dev.wsgate.internal.ConnectionCounter;
import dev.wsgate.internal.firstmessage.Authenticating;
import dev.wsgate.internal.firstmessage.PendingAuthentications;
import dev.wsgate.internal.metrics.GateMeters;
import dev.wsgate.session.SessionLog;
import dev.wsgate.session.SessionRegistry;
import dev.wsgate.spi.VerifiedToken;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The wsgate handshake gate for Netty 4.2 pipelines: one per server, shared by all its channels.
 * {@link #gateHandler()} is the handler that sits after the HTTP codec and aggregator and before
 * Netty's {@link WebSocketServerProtocolHandler}; {@link #initChannel} adds the whole chain.
 *
 * <p>On each channel the gate decides the upgrade request in one pass on the event loop. A refused
 * upgrade gets a real HTTP response (the failure table's status, its headers and one-line reason;
 * the same bytes as every wsgate adapter) and the connection is closed. An accepted one reaches the
 * protocol handler offering only the application subprotocol the gate selected, so the 101 never
 * echoes the token entry (Netty's {@code HandshakeComplete} event names the subprotocol); {@link
 * #token(Channel)} is the identity from then on, refreshed in band. A verifier that may block
 * ({@link dev.wsgate.spi.TokenVerifier#mayBlock()}) runs on this object's {@code wsgate-verify}
 * threads while the channel's reads pause; the decision is acted on back on the event loop, which
 * never waits. A tenant that authenticates by first message (the {@code message} extractor) has its
 * upgrade accepted without a token: the channel's first text frame, within the tenant's timeout,
 * must carry it, and nothing reaches the application's handlers before it is verified (the same
 * steps and close codes as every wsgate adapter). Open sessions are closed with 4002 at their
 * token's expiry, may refresh their token in band, are closed with 4001 when revoked, and on demand
 * by subject ({@link #disconnectSubject}): the shared {@link SessionRegistry}. With a {@link
 * NettyGateConfig#pingInterval}, one sweep over the open sessions on this object's timer pings the
 * connections silent both ways for that long and closes those that sent nothing for 1.5 times it;
 * no connection has a timer of its own.
 *
 * <p>Thread-safe. {@link #close()} stops its timer and verification threads; close it after the
 * server's event loops.
 */
public final class WsgateNetty implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(WsgateNetty.class.getName());

  private final HandshakeGate gate;
  private final NettyGateConfig config;
  private final SessionRegistry sessions;
  private final ScheduledThreadPoolExecutor timer;
  private final @Nullable ThreadPoolExecutor verifyPool;
  private final TrustedProxies proxies;
  private final TicketEndpoint tickets;
  private final ConnectionCounter connections;
  private final GateMeters meters;
  private final PendingAuthentications pending;
  private final Authenticating.Server firstMessage;
  private final WebSocketServerProtocolConfig protocolConfig;
  private final LongSupplier ticker;

  /** {@link NettyGateConfig#pingInterval} in ticker nanoseconds; 0 for no pings. */
  private final long pingNanos;

  /**
   * A gate for Netty channels counting on a registry of its own (exported nowhere); starts its
   * timer thread.
   *
   * @param gate decides every upgrade and refresh
   * @param config paths, limits and the session policy
   * @param clock drives expiry closes (inject a fixed or offset clock in tests)
   */
  public WsgateNetty(HandshakeGate gate, NettyGateConfig config, Clock clock) {
    this(gate, config, clock, new SimpleMeterRegistry(), null);
  }

  /**
   * A gate for Netty channels; starts its timer thread.
   *
   * @param gate decides every upgrade and refresh
   * @param config paths, limits and the session policy
   * @param clock drives expiry closes (inject a fixed or offset clock in tests)
   * @param registry where handshakes, open connections and closes are counted, with the meter names
   *     and labels of every wsgate adapter ({@code wsgate.handshakes}, {@code
   *     wsgate.connections.open}, {@code wsgate.connections.closed})
   * @param clusterLimits the cluster's connection limits, which then replace {@code config}'s
   *     open-connection limits; null for this process's own
   */
  public WsgateNetty(
      HandshakeGate gate,
      NettyGateConfig config,
      Clock clock,
      MeterRegistry registry,
      @Nullable ConnectionLeases clusterLimits) {
    this(gate, config, clock, registry, clusterLimits, System::nanoTime);
  }

  /** A gate whose ping sweep and connections' last reads and writes read {@code ticker}. */
  WsgateNetty(
      HandshakeGate gate,
      NettyGateConfig config,
      Clock clock,
      MeterRegistry registry,
      @Nullable ConnectionLeases clusterLimits,
      LongSupplier ticker) {
    this.gate = Objects.requireNonNull(gate, "gate");
    this.config = Objects.requireNonNull(config, "config");
    this.proxies = TrustedProxies.parse(config.trustedProxies());
    this.tickets = new TicketEndpoint(gate);
    this.connections =
        new ConnectionCounter(
            config.maxConnections(), config.maxConnectionsPerSubject(), clusterLimits);
    this.meters = new GateMeters(registry);
    gate.tenants().keySet().forEach(meters::tenant);
    this.pending =
        new PendingAuthentications(
            config.maxPendingAuthentications(), config.maxPendingAuthenticationsPerAddress());
    this.verifyPool =
        gate.tenants().values().stream().anyMatch(t -> t.verifier().mayBlock())
            ? AdapterThreads.verifyPool(config.verifyThreads(), 4 * config.verifyThreads())
            : null;
    this.firstMessage = new Authenticating.Server(gate, connections, verification());
    this.timer = new ScheduledThreadPoolExecutor(1, AdapterThreads.daemon("wsgate-timer", false));
    timer.setRemoveOnCancelPolicy(true);
    this.sessions =
        new SessionRegistry(gate, config.sessions(), clock, verification(), new SessionLog(LOG));
    sessions.start(timer);
    this.protocolConfig =
        protocolConfig(
            config, gate.tenants().values().stream().anyMatch(t -> !t.subprotocols().isEmpty()));
    this.ticker = ticker;
    this.pingNanos = config.pingInterval().toNanos();
    if (pingNanos > 0) {
      long every = Math.max(pingNanos / 4, 1);
      timer.scheduleWithFixedDelay(this::pingSweep, every, every, TimeUnit.NANOSECONDS);
    }
  }

  /** A new gate handler for one channel (it holds the channel's state: never share it). */
  public ChannelHandler gateHandler() {
    return new GateHandler(this);
  }

  /**
   * Netty's HTTP codec with the request limits: a request line or header block longer than {@link
   * NettyGateConfig#handshakeMaxBytes} is answered 431 by the gate handler.
   */
  public HttpServerCodec httpCodec() {
    int max = config.handshakeMaxBytes();
    return new HttpServerCodec(
        new HttpDecoderConfig().setMaxInitialLineLength(max).setMaxHeaderSize(max));
  }

  /**
   * The configuration of the {@link WebSocketServerProtocolHandler} after the gate handler: every
   * request the gate passed is upgraded (the gate checked the path), any subprotocol the gate
   * selected is echoed, and frames larger than {@link NettyGateConfig#maxFrameBytes} close the
   * connection with 1009.
   */
  public WebSocketServerProtocolConfig protocolConfig() {
    return protocolConfig;
  }

  private static WebSocketServerProtocolConfig protocolConfig(
      NettyGateConfig config, boolean subprotocols) {
    return WebSocketServerProtocolConfig.newBuilder()
        .websocketPath("/")
        .checkStartsWith(true)
        // without application subprotocols the gate selects none; and then no handshaker keeps
        // a list of its own
        .subprotocols(subprotocols ? "*" : null)
        // the gate handler answers the peer's close frame: the protocol handler then needs no
        // handshaker kept per connection
        .handleCloseFrames(false)
        // the gate handler writes the close frame of a refused frame: the decoder's own would
        // bypass the protocol handler, which then sends a second one when the connection closes
        .decoderConfig(
            WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(config.maxFrameBytes())
                .closeOnProtocolViolation(false)
                .build())
        .handshakeTimeoutMillis(config.handshakeTimeout().toMillis())
        .build();
  }

  /**
   * Adds the whole chain to a new channel's pipeline: {@link #httpCodec()}, an aggregator, {@link
   * #gateHandler()}, a {@link WebSocketServerProtocolHandler} with {@link #protocolConfig()}, then
   * {@code application}, which sees only upgraded channels' frames.
   */
  public void initChannel(ChannelPipeline pipeline, ChannelHandler application) {
    pipeline.addLast("wsgate-http", httpCodec());
    pipeline.addLast("wsgate-aggregator", new HttpObjectAggregator(config.handshakeMaxBytes()));
    pipeline.addLast("wsgate-gate", gateHandler());
    pipeline.addLast("wsgate-websocket", new WebSocketServerProtocolHandler(protocolConfig()));
    pipeline.addLast("wsgate-application", application);
  }

  /**
   * The identity an upgraded channel's token proves (its tenant is {@link VerifiedToken#tenant()}):
   * its latest in-band refresh, or the token of the upgrade from the moment the gate accepted it;
   * empty for a channel the gate has not accepted. Read from the channel's gate handler (the state
   * lives there, not in channel attributes), so empty too once a closed channel has left its event
   * loop and its pipeline is emptied. Any thread.
   */
  public static Optional<VerifiedToken> token(Channel channel) {
    GateHandler g = channel.pipeline().get(GateHandler.class);
    return g == null ? Optional.empty() : g.token();
  }

  /**
   * Closes every open connection whose token's subject is {@code subject} (of any tenant) with
   * {@code code} and {@code reason} (never a token).
   *
   * @return how many connections were closed
   */
  public int disconnectSubject(String subject, int code, String reason) {
    return sessions.disconnectSubject(subject, code, reason);
  }

  /**
   * Closes every open connection of tenant {@code tenant} whose token's subject is {@code subject}
   * with {@code code} and {@code reason}; the same subject of another tenant stays connected.
   *
   * @return how many connections were closed
   */
  public int disconnectSubject(String tenant, String subject, int code, String reason) {
    return sessions.disconnectSubject(tenant, subject, code, reason);
  }

  /** How many upgraded connections are open. */
  public int openSessions() {
    return sessions.size();
  }

  /** The gate deciding the upgrades. */
  public HandshakeGate gate() {
    return gate;
  }

  /** The transport settings. */
  public NettyGateConfig config() {
    return config;
  }

  SessionRegistry sessions() {
    return sessions;
  }

  TrustedProxies proxies() {
    return proxies;
  }

  TicketEndpoint tickets() {
    return tickets;
  }

  ConnectionCounter connections() {
    return connections;
  }

  GateMeters meters() {
    return meters;
  }

  PendingAuthentications pending() {
    return pending;
  }

  Authenticating.Server firstMessage() {
    return firstMessage;
  }

  /** The time of connections' last reads and writes, in nanoseconds. */
  long tick() {
    return ticker.getAsLong();
  }

  /** Whether upgraded connections are pinged (and closed when silent): a ping interval is set. */
  boolean pings() {
    return pingNanos > 0;
  }

  /** How long an upgraded connection may be silent both ways before it is pinged. */
  long pingNanos() {
    return pingNanos;
  }

  /** How long a connection may send nothing before it is closed as dead: 1.5 ping intervals. */
  long deadNanos() {
    return pingNanos + pingNanos / 2;
  }

  /**
   * Looks at every upgraded connection once: one silent for a ping interval is pinged, one that
   * sent nothing for 1.5 intervals is closed; what the timer runs every quarter interval. The
   * decision is taken again on each connection's event loop, which the sweep never waits for.
   */
  void pingSweep() {
    long now = ticker.getAsLong();
    try {
      sessions.forEach(
          s -> {
            if (s.channel() instanceof GateHandler) {
              ((GateHandler) s.channel()).idleCheck(now);
            }
          });
    } catch (RuntimeException e) {
      // a periodic task that throws is never run again: log and keep sweeping
      LOG.log(System.Logger.Level.WARNING, "ping sweep failed: {0}", e.getClass().getName());
    }
  }

  /** Connections accepted and not yet closed (what the connection limits count). */
  public int openConnections() {
    return connections.open();
  }

  /** The registry the meters are on. */
  public MeterRegistry registry() {
    return meters.registry();
  }

  /** Where a verifier that may block runs; the calling thread when none may. */
  Executor verification() {
    ThreadPoolExecutor pool = verifyPool;
    return pool == null ? Runnable::run : pool;
  }

  /** Stops the timer (no more expiry closes nor sweeps) and the verification threads. */
  @Override
  public void close() {
    timer.shutdownNow();
    if (verifyPool != null) {
      verifyPool.shutdownNow();
    }
  }
}
