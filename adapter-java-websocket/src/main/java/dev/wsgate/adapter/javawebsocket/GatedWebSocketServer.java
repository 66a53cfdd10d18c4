package dev.wsgate.adapter.javawebsocket;

import dev.wsgate.adapter.javawebsocket.internal.upgrade.Admission;
import dev.wsgate.adapter.javawebsocket.internal.upgrade.GateDraft;
import dev.wsgate.adapter.javawebsocket.internal.upgrade.GatedSocketFactory;
import dev.wsgate.adapter.javawebsocket.internal.upgrade.GatedWebSocket;
import dev.wsgate.adapter.javawebsocket.internal.upgrade.HandshakeLog;
import dev.wsgate.adapter.javawebsocket.internal.upgrade.HttpRefusal;
import dev.wsgate.adapter.javawebsocket.internal.upgrade.SwitchingProtocols;
import dev.wsgate.adapter.javawebsocket.internal.upgrade.UpgradeDecider;
import dev.wsgate.adapter.javawebsocket.internal.upgrade.VerificationPools;
import dev.wsgate.cluster.ConnectionLeases;
import dev.wsgate.gate.Decision;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.internal.ConnectionCounter;
import dev.wsgate.internal.firstmessage.Authenticating;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Java-WebSocket {@link WebSocketServer} with the {@link HandshakeGate} at the upgrade: extend it
 * instead of {@code WebSocketServer} and only authenticated connections from allowed origins reach
 * your code. A refused upgrade is answered with a real HTTP response (the failure table's status,
 * {@code WWW-Authenticate} on 401, {@code Connection: close}, a one-line reason) and its socket is
 * closed; an accepted one carries only the selected application subprotocol. Request size and
 * deadline limits, the verify timeout, handshake logs and metrics come with it.
 *
 * <p>Java-WebSocket's own callbacks are final here, because it calls them for refused connections
 * too; override the {@code onAccepted…} hooks instead, which run only for accepted connections, on
 * the connection's decoder thread, or for {@code onAccepted} and the first messages on a {@code
 * wsgate-upgrade} thread when the upgrade waited for a verifier that may block (never concurrently
 * for one connection). The connection's {@link WebSocket#setAttachment attachment} is yours; {@link
 * #accepted(WebSocket)} gives the gate's decision (identity, tenant) at any time.
 *
 * <pre>{@code
 * final class ChatServer extends GatedWebSocketServer {
 *   ChatServer(ServerConfig config, HandshakeGate gate, MeterRegistry registry) {
 *     super(config, gate, new ServerMetrics(registry));
 *   }
 *
 *   @Override
 *   protected void onAccepted(WebSocket conn, ClientHandshake request, Decision.Accepted who) {
 *     conn.send("hello " + who.token().subject());
 *   }
 *
 *   @Override
 *   protected void onAcceptedText(WebSocket conn, String message) {
 *     conn.send(accepted(conn).orElseThrow().token().subject() + " said: " + message);
 *   }
 * }
 * }</pre>
 *
 * Start with {@link #startAndAwait()}, stop with {@link #shutdown(Duration)}.
 */
public abstract class GatedWebSocketServer extends WebSocketServer {
  private static final Logger LOG = LoggerFactory.getLogger(GatedWebSocketServer.class);

  private final ServerConfig config;
  private final HandshakeGate gate;
  private final @Nullable VerificationPools pools;
  private final UpgradeDecider upgrades;
  private final FirstMessageAuthentication firstMessage;
  private final ServerMetrics metrics;
  private final ConnectionCounter connections;
  private final ScheduledExecutorService scheduler;
  private final CountDownLatch started = new CountDownLatch(1);
  private volatile @Nullable Exception startFailure;

  /**
   * A gated server; nothing listens until {@link #startAndAwait()}.
   *
   * @param config listen address, upgrade paths and limits ({@link ServerConfig#defaults} for the
   *     defaults)
   * @param gate decides every upgrade
   * @param metrics where handshakes are counted
   */
  protected GatedWebSocketServer(ServerConfig config, HandshakeGate gate, ServerMetrics metrics) {
    this(config, gate, metrics, null);
  }

  /**
   * A gated server whose connection limits are a cluster's; nothing listens until {@link
   * #startAndAwait()}.
   *
   * @param config listen address, upgrade paths and limits ({@link ServerConfig#defaults} for the
   *     defaults)
   * @param gate decides every upgrade
   * @param metrics where handshakes are counted
   * @param clusterLimits the cluster's connection limits, which then replace {@code
   *     config.limits()}'s open-connection limits; null for this process's own
   */
  protected GatedWebSocketServer(
      ServerConfig config,
      HandshakeGate gate,
      ServerMetrics metrics,
      @Nullable ConnectionLeases clusterLimits) {
    super(
        new InetSocketAddress(config.host(), config.port()),
        config.decoders(),
        List.<Draft>of(new GateDraft(config.maxFrameBytes())));
    this.config = config;
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.gate = Objects.requireNonNull(gate, "gate");
    this.pools =
        !gate.verifyTimeout().isZero()
                && gate.tenants().values().stream().anyMatch(t -> t.verifier().mayBlock())
            ? new VerificationPools(config.decoders())
            : null;
    this.connections =
        new ConnectionCounter(
            config.limits().maxConnections(),
            config.limits().maxConnectionsPerSubject(),
            clusterLimits);
    this.upgrades = new UpgradeDecider(config, gate, connections, metrics::handshake);
    this.scheduler = newTimer();
    this.firstMessage =
        new FirstMessageAuthentication(this, gate, connections, verificationExecutor());
    // also reaps sockets whose close Java-WebSocket lost (see README, "Connection clean-up")
    setConnectionLostTimeout((int) Math.max(1, config.pingInterval().toSeconds()));
    setReuseAddr(true);
    setTcpNoDelay(true);
    setMaxPendingConnections(config.backlog());
    setWebSocketFactory(
        new GatedSocketFactory(
            scheduler,
            config.handshakeTimeout(),
            config.handshakeMaxBytes(),
            metrics::handshake,
            upgrades::begin,
            pools == null ? null : pools.verify(),
            pools == null ? null : pools.upgrades()));
  }

  /**
   * The one timer thread for upgrade deadlines and expiry closes. A cancelled task leaves its queue
   * at once: each task references its connection, and without removal on cancel every closed
   * connection stayed reachable until its deadline (10 s) or its token's expiry (hours).
   */
  static ScheduledThreadPoolExecutor newTimer() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "wsgate-timer");
              t.setDaemon(true);
              return t;
            });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  /**
   * Binds and starts the selector; returns once the server accepts connections.
   *
   * @throws IOException when the address cannot be bound (in use, not local, no permission)
   */
  public void startAndAwait() throws IOException {
    start();
    try {
      if (!started.await(30, TimeUnit.SECONDS)) {
        throw new IOException("the server did not start within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting");
    }
    Exception failure = startFailure;
    if (failure != null) {
      shutdown(Duration.ZERO);
      throw new IOException(
          "cannot listen on "
              + config.host()
              + ":"
              + config.port()
              + " ("
              + failure.getClass().getSimpleName()
              + (failure.getMessage() == null ? "" : ": " + failure.getMessage())
              + ")");
    }
  }

  /**
   * Stops accepting, closes open connections with 1001 "server shutting down", waits up to {@code
   * grace} for the closing handshakes, and stops the server's threads.
   */
  public void shutdown(Duration grace) {
    try {
      stop((int) Math.min(Integer.MAX_VALUE, grace.toMillis()), "server shutting down");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ClosedSelectorException e) {
      // Java-WebSocket's stop() writes close frames through the selector; when its selector thread
      // has already ended (and closed the selector), the connections are gone and so is the work
      LOG.debug("selector already closed at shutdown");
    } finally {
      scheduler.shutdownNow();
      if (pools != null) {
        pools.close();
      }
    }
  }

  /** The transport settings. */
  public ServerConfig config() {
    return config;
  }

  /** The meters this server counts on. */
  public ServerMetrics metrics() {
    return metrics;
  }

  /** Connections accepted and not yet closed (what the connection limits count). */
  public int openConnections() {
    return connections.open();
  }

  /** The gate deciding the upgrades. */
  public HandshakeGate gate() {
    return gate;
  }

  /** Whether verifications run on the thread that decides the upgrade (no verification pools). */
  boolean verifiesInline() {
    return pools == null;
  }

  /**
   * Where a verifier that may block runs blocking work for this server (also for in-band
   * refreshes); {@code Runnable::run} when no tenant's verifier may block.
   */
  Executor verificationExecutor() {
    return pools == null ? Runnable::run : pools.verify();
  }

  /**
   * Closes every open connection whose token's subject is {@code subject} (of any tenant) with
   * {@code code} and {@code reason}. Thread-safe.
   *
   * @return how many connections were closed
   */
  public int disconnectSubject(String subject, int code, String reason) {
    int closed = 0;
    for (WebSocket conn : getConnections()) {
      Optional<Decision.Accepted> a = accepted(conn);
      if (a.isPresent() && a.get().token().subject().equals(subject)) {
        conn.close(code, reason);
        closed++;
      }
    }
    return closed;
  }

  /**
   * Closes every open connection of tenant {@code tenant} whose token's subject is {@code subject}
   * with {@code code} and {@code reason}; the same subject of another tenant is another user and
   * stays connected. Thread-safe.
   *
   * @return how many connections were closed
   */
  public int disconnectSubject(String tenant, String subject, int code, String reason) {
    Objects.requireNonNull(tenant, "tenant");
    int closed = 0;
    for (WebSocket conn : getConnections()) {
      Optional<Decision.Accepted> a = accepted(conn);
      if (a.isPresent()
          && a.get().tenant().equals(tenant)
          && a.get().token().subject().equals(subject)) {
        conn.close(code, reason);
        closed++;
      }
    }
    return closed;
  }

  /** The gate's decision for a connection it accepted; empty for refused or pending ones. */
  public static Optional<Decision.Accepted> accepted(WebSocket conn) {
    return admission(conn).map(Admission::decision);
  }

  /**
   * The client address of an accepted connection: the peer's IP, or the one {@code X-Forwarded-For}
   * names when the peer is a trusted proxy ({@code wsgate.trusted-proxies}).
   */
  public static Optional<String> clientAddress(WebSocket conn) {
    return admission(conn).map(Admission::client);
  }

  private static @Nullable Authenticating<Object> authenticating(WebSocket conn) {
    return conn instanceof GatedWebSocket ? ((GatedWebSocket) conn).authenticating() : null;
  }

  static Optional<Admission> admission(WebSocket conn) {
    return conn instanceof GatedWebSocket ? ((GatedWebSocket) conn).admission() : Optional.empty();
  }

  /** The shared timer thread ({@code wsgate-timer}) for subclasses' own delayed work. */
  protected final ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /**
   * A connection passed the gate and received its 101.
   *
   * @param conn the connection; its attachment is free for the subclass
   * @param request the upgrade request (its headers; the query may hold a token: never log it)
   * @param accepted the verified identity, the tenant and the selected subprotocol
   */
  protected abstract void onAccepted(
      WebSocket conn, ClientHandshake request, Decision.Accepted accepted);

  /** A text message on an accepted connection. Ignored by default. */
  protected void onAcceptedText(WebSocket conn, String message) {}

  /** A binary message on an accepted connection. Ignored by default. */
  protected void onAcceptedBinary(WebSocket conn, ByteBuffer message) {}

  /** An accepted connection closed. Nothing by default. */
  protected void onAcceptedClose(WebSocket conn, int code, String reason, boolean remote) {}

  /** An error on a connection (the connection closes after it). Logged at debug by default. */
  protected void onConnectionError(WebSocket conn, Exception ex) {
    LOG.debug(
        "connection error remote={} error={}", HandshakeLog.remote(conn), ex.getClass().getName());
  }

  /** The server is listening. Nothing by default. */
  protected void onStarted() {}

  @Override
  public final ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(
      WebSocket conn, Draft draft, ClientHandshake request) {
    if (conn instanceof GatedWebSocket) {
      ((GatedWebSocket) conn).requestComplete();
    }
    GatedWebSocket g = conn instanceof GatedWebSocket ? (GatedWebSocket) conn : null;
    Object outcome =
        upgrades.finish(
            conn,
            draft,
            request,
            g == null ? null : g.begunDecision(),
            g == null ? System.nanoTime() : g.beganNanos());
    if (outcome instanceof HttpRefusal) {
      return (HttpRefusal) outcome;
    }
    if (outcome instanceof Admission.Awaiting) {
      Admission.Awaiting awaiting = (Admission.Awaiting) outcome;
      SwitchingProtocols response =
          new SwitchingProtocols(awaiting.decision().subprotocol().orElse(null));
      if (g == null) {
        awaiting.slot().release(); // not a connection of ours: onOpen refuses it
      } else {
        firstMessage.start(g, awaiting, request, scheduler);
        releaseIfClosed(g);
      }
      return response;
    }
    Admission admission = (Admission) outcome;
    if (conn instanceof GatedWebSocket) {
      ((GatedWebSocket) conn).admit(admission);
      releaseIfClosed((GatedWebSocket) conn);
    } else {
      admission.permit().release(); // not a connection of ours: onOpen refuses it
    }
    return new SwitchingProtocols(admission.decision().subprotocol().orElse(null));
  }

  @Override
  public final void onOpen(WebSocket conn, ClientHandshake handshake) {
    if (authenticating(conn) != null) {
      return; // the application sees it open once its first frame authenticated it
    }
    Optional<Decision.Accepted> a = accepted(conn);
    if (a.isEmpty()) {
      // the refusal was written instead of a 101: flush it, then close the socket
      ((WebSocketImpl) conn).flushAndClose(CloseFrame.NEVER_CONNECTED, "refused", false);
      return;
    }
    openAccepted((GatedWebSocket) conn, handshake, a.get());
  }

  /**
   * Tells the application that an accepted connection is open, unless it closed first; a close
   * during {@link #onAccepted} is reported after it.
   */
  final void openAccepted(
      GatedWebSocket conn, ClientHandshake handshake, Decision.Accepted accepted) {
    if (!conn.beginOpen()) {
      return;
    }
    try {
      onAccepted(conn, handshake, accepted);
    } finally {
      conn.endOpen().ifPresent(c -> onAcceptedClose(conn, c.code(), c.reason(), c.remote()));
    }
  }

  @Override
  public final void onMessage(WebSocket conn, String message) {
    Authenticating<Object> authenticating = authenticating(conn);
    if (authenticating != null) {
      authenticating.text(message, message);
    } else if (accepted(conn).isPresent()) {
      onAcceptedText(conn, message);
    }
  }

  @Override
  public final void onMessage(WebSocket conn, ByteBuffer message) {
    Authenticating<Object> authenticating = authenticating(conn);
    if (authenticating != null) {
      authenticating.binary(message);
    } else if (accepted(conn).isPresent()) {
      onAcceptedBinary(conn, message);
    }
  }

  @Override
  public final void onClose(WebSocket conn, int code, String reason, boolean remote) {
    if (released(conn) && ((GatedWebSocket) conn).closeReported(code, reason, remote)) {
      onAcceptedClose(conn, code, reason, remote);
    }
  }

  /**
   * Ends what a connection holds (its permit exactly once, its first-message wait), before the
   * application's close hook, which may count connections; true for an accepted connection.
   */
  private boolean released(WebSocket conn) {
    Authenticating<Object> authenticating = authenticating(conn);
    if (authenticating != null) {
      authenticating.closed();
    }
    Optional<Admission> a = admission(conn);
    a.ifPresent(admitted -> admitted.permit().release());
    return a.isPresent();
  }

  /**
   * Java-WebSocket calls {@link #onClose} only for a connection it added when it opened it. A
   * client that drops the socket as soon as it reads the 101 can be closed on the selector thread
   * before the decoder thread opens it: its permit would then be held, and the dead connection
   * opened and kept, until the connection-lost timer found it. Such a connection is released here
   * and never added. Both overrides run under the connection's monitor ({@code closeConnection}
   * holds it), so one of the open and the close wins whole.
   */
  @Override
  protected boolean removeConnection(WebSocket conn) {
    synchronized (conn) {
      boolean removed = super.removeConnection(conn);
      if (!removed && conn instanceof GatedWebSocket && ((GatedWebSocket) conn).closeUnopened()) {
        released(conn);
      }
      return removed;
    }
  }

  /**
   * Releases what {@code conn} was just given when it was closed while its upgrade was decided:
   * {@link #removeConnection} saw nothing to release then, and no close will come again.
   */
  private void releaseIfClosed(GatedWebSocket conn) {
    synchronized (conn) {
      if (conn.isClosedUnopened()) {
        released(conn);
      }
    }
  }

  @Override
  protected boolean addConnection(WebSocket conn) {
    synchronized (conn) {
      if (conn instanceof GatedWebSocket && ((GatedWebSocket) conn).isClosedUnopened()) {
        return false;
      }
      return super.addConnection(conn);
    }
  }

  @Override
  public final void onError(WebSocket conn, Exception ex) {
    if (conn == null) {
      if (started.getCount() > 0) {
        startFailure = ex; // bind errors arrive here, before onStart
        started.countDown();
      } else {
        LOG.warn("server error {}", ex.getClass().getName());
      }
      return;
    }
    onConnectionError(conn, ex);
  }

  @Override
  public final void onStart() {
    started.countDown();
    onStarted();
  }
}
