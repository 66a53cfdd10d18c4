package dev.wsgate.server;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.spi.Failure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.HandshakeImpl1Server;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Java-WebSocket server with the {@link HandshakeGate} at the upgrade. A refused upgrade is
 * answered with a real HTTP response (status from the failure table, {@code Connection: close}, a
 * short plain-text reason) and the socket is closed; an accepted one carries only the selected
 * application subprotocol, and the connection's {@link Session} (identity, tenant) is its
 * attachment. Only accepted connections reach the {@link ConnectionHandler}.
 *
 * <p>Start with {@link #startAndAwait()}, stop with {@link #shutdown(Duration)} (open connections
 * are closed with 1001).
 */
public final class WsgateServer extends WebSocketServer {
  private static final Logger LOG = LoggerFactory.getLogger(WsgateServer.class);

  private final ServerConfig config;
  private final GuardedGate gate;
  private final UpgradeDecider upgrades;
  private final ConnectionCounter connections;
  private final ConnectionHandler handler;
  private final ScheduledExecutorService scheduler;
  private final SessionLifecycle sessions;
  private final CountDownLatch started = new CountDownLatch(1);
  private volatile Exception startFailure;

  /**
   * A server; nothing listens until {@link #startAndAwait()}.
   *
   * @param config transport settings and limits
   * @param gate decides every upgrade
   * @param handler receives accepted connections
   * @param clock drives expiry closes (inject a fixed or offset clock in tests)
   */
  public WsgateServer(
      ServerConfig config, HandshakeGate gate, ConnectionHandler handler, Clock clock) {
    super(
        new InetSocketAddress(config.host(), config.port()),
        config.decoders(),
        List.<Draft>of(new GateDraft(config.maxFrameBytes())));
    this.config = config;
    this.handler = Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(clock, "clock");
    this.gate = new GuardedGate(gate, config.verifyTimeout(), 2 * config.decoders());
    this.connections = new ConnectionCounter(config.limits());
    this.upgrades = new UpgradeDecider(config, this.gate, connections);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "wsgate-timer");
              t.setDaemon(true);
              return t;
            });
    this.sessions = new SessionLifecycle(config, this.gate, scheduler, clock);
    sessions.sweepEvery(scheduler, config.revocationInterval(), this::getConnections);
    // also reaps sockets whose close Java-WebSocket lost (see README, "Connection clean-up")
    setConnectionLostTimeout((int) Math.max(1, config.pingInterval().toSeconds()));
    setReuseAddr(true);
    setTcpNoDelay(true);
    setMaxPendingConnections(config.backlog());
    setWebSocketFactory(
        new GatedSocketFactory(scheduler, config.handshakeTimeout(), config.handshakeMaxBytes()));
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
      gate.close();
    }
  }

  /** Connections accepted and not yet closed (what the connection limits count). */
  public int openConnections() {
    return connections.open();
  }

  /** The transport settings. */
  public ServerConfig config() {
    return config;
  }

  @Override
  public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(
      WebSocket conn, Draft draft, ClientHandshake request) {
    if (conn instanceof GatedWebSocket) {
      ((GatedWebSocket) conn).requestComplete();
    }
    Object outcome = upgrades.decide(conn, draft, request);
    conn.setAttachment(outcome);
    if (outcome instanceof HttpRefusal) {
      return (HttpRefusal) outcome;
    }
    HandshakeImpl1Server response = new HandshakeImpl1Server();
    ((Admission) outcome)
        .decision()
        .subprotocol()
        .ifPresent(p -> response.put("Sec-WebSocket-Protocol", p));
    return response;
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    Object attachment = conn.getAttachment();
    if (!(attachment instanceof Admission)) {
      // the refusal was written instead of a 101: flush it, then close the socket
      ((WebSocketImpl) conn).flushAndClose(CloseFrame.NEVER_CONNECTED, "refused", false);
      return;
    }
    Admission admission = (Admission) attachment;
    Decision.Accepted accepted = admission.decision();
    String remote =
        admission.client().equals(HandshakeLog.address(conn))
            ? HandshakeLog.remote(conn)
            : admission.client();
    Session session =
        new Session(
            conn,
            accepted.token(),
            accepted.subprotocol(),
            remote,
            origin(accepted.tenant(), handshake),
            admission.permit());
    conn.setAttachment(session);
    sessions.opened(session);
    call(session, () -> handler.onOpen(session));
  }

  private String origin(String tenant, ClientHandshake handshake) {
    String o = handshake.getFieldValue("Origin");
    TenantPolicy policy = gate.gate().tenants().get(tenant);
    return o.isEmpty() || policy == null ? null : policy.origins().check(o).normalized();
  }

  @Override
  public void onMessage(WebSocket conn, String message) {
    Object a = conn.getAttachment();
    if (a instanceof Session) {
      Session s = (Session) a;
      if (!sessions.handledInBand(s, message)) {
        call(s, () -> handler.onText(s, message));
      }
    }
  }

  @Override
  public void onMessage(WebSocket conn, ByteBuffer message) {
    Object a = conn.getAttachment();
    if (a instanceof Session) {
      Session s = (Session) a;
      call(s, () -> handler.onBinary(s, message));
    }
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    Object a = conn.getAttachment();
    if (a instanceof Admission) {
      ((Admission) a).permit().release(); // closed before onOpen turned it into a Session
    }
    if (a instanceof Session) {
      Session s = (Session) a;
      sessions.closed(s);
      s.permit().release();
      call(s, () -> handler.onClose(s, code, reason, remote));
    }
  }

  @Override
  public void onError(WebSocket conn, Exception ex) {
    if (conn == null) {
      if (started.getCount() > 0) {
        startFailure = ex; // bind errors arrive here, before onStart
        started.countDown();
      } else {
        LOG.warn("server error {}", ex.getClass().getName());
      }
      return;
    }
    LOG.debug(
        "connection error remote={} error={}", HandshakeLog.remote(conn), ex.getClass().getName());
  }

  @Override
  public void onStart() {
    started.countDown();
  }

  private void call(Session session, Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      LOG.warn(
          "connection handler {} threw {}; closing the connection with 1011",
          handler,
          e.getClass().getName());
      session.close(CloseFrame.UNEXPECTED_CONDITION, Failure.INTERNAL_ERROR.logReason());
    }
  }
}
