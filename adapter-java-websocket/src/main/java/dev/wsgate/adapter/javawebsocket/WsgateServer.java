package dev.wsgate.adapter.javawebsocket;

import dev.wsgate.adapter.javawebsocket.internal.upgrade.Admission;
import dev.wsgate.adapter.javawebsocket.internal.upgrade.GatedWebSocket;
import dev.wsgate.adapter.javawebsocket.internal.upgrade.HandshakeLog;
import dev.wsgate.cluster.ConnectionLeases;
import dev.wsgate.gate.Decision;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.session.LiveSession;
import dev.wsgate.session.SessionEvents;
import dev.wsgate.session.SessionRegistry;
import dev.wsgate.spi.Failure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wsgate server: a {@link GatedWebSocketServer} whose accepted connections become {@link
 * Session}s (identity, tenant) handed to a {@link ConnectionHandler}; the shared {@link
 * SessionRegistry} closes them when their token expires or is revoked and handles in-band refresh;
 * {@link ServerMetrics} counts them.
 *
 * <p>Start with {@link #startAndAwait()}, stop with {@link #shutdown(Duration)} (open connections
 * are closed with 1001).
 */
public final class WsgateServer extends GatedWebSocketServer {
  private static final Logger LOG = LoggerFactory.getLogger(WsgateServer.class);

  private final ConnectionHandler handler;
  private final SessionRegistry sessions;
  private final ServerMetrics metrics;

  /**
   * A server counting on a registry of its own ({@link ServerMetrics#registry()}, exported
   * nowhere); nothing listens until {@link #startAndAwait()}.
   *
   * @param config transport settings and limits
   * @param gate decides every upgrade
   * @param handler receives accepted connections
   * @param clock drives expiry closes (inject a fixed or offset clock in tests)
   */
  public WsgateServer(
      ServerConfig config, HandshakeGate gate, ConnectionHandler handler, Clock clock) {
    this(config, gate, handler, clock, new ServerMetrics(new SimpleMeterRegistry()));
  }

  /**
   * A server; nothing listens until {@link #startAndAwait()}.
   *
   * @param config transport settings and limits
   * @param gate decides every upgrade
   * @param handler receives accepted connections
   * @param clock drives expiry closes (inject a fixed or offset clock in tests)
   * @param metrics where handshakes, connections and closes are counted
   */
  public WsgateServer(
      ServerConfig config,
      HandshakeGate gate,
      ConnectionHandler handler,
      Clock clock,
      ServerMetrics metrics) {
    this(config, gate, handler, clock, metrics, null);
  }

  /**
   * A server whose connection limits are a cluster's; nothing listens until {@link
   * #startAndAwait()}.
   *
   * @param config transport settings and limits
   * @param gate decides every upgrade
   * @param handler receives accepted connections
   * @param clock drives expiry closes (inject a fixed or offset clock in tests)
   * @param metrics where handshakes, connections and closes are counted
   * @param clusterLimits the cluster's connection limits, which then replace {@code
   *     config.limits()}'s open-connection limits; null for this process's own
   */
  public WsgateServer(
      ServerConfig config,
      HandshakeGate gate,
      ConnectionHandler handler,
      Clock clock,
      ServerMetrics metrics,
      @Nullable ConnectionLeases clusterLimits) {
    super(config, gate, metrics, clusterLimits);
    this.handler = Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(clock, "clock");
    this.metrics = metrics;
    gate.tenants().keySet().forEach(metrics::tenant);
    this.sessions =
        new SessionRegistry(
            gate, config.sessionPolicy(), clock, verificationExecutor(), new Logged());
    sessions.start(scheduler());
  }

  /** The log lines of refreshes and revocations. */
  private static final class Logged implements SessionEvents {
    @Override
    public void refreshed(
        LiveSession session, String fingerprint, @Nullable Failure failure, int closeCode) {
      HandshakeLog.refreshed((Session) session.channel(), fingerprint, failure, closeCode);
    }

    @Override
    public void revoked(LiveSession session) {
      LOG.info(
          "session revoked remote={} tenant={}; closing with {}",
          ((Session) session.channel()).remoteAddress(),
          session.tenant(),
          Failure.REVOKED.closeCode());
    }
  }

  @Override
  protected void onAccepted(WebSocket conn, ClientHandshake request, Decision.Accepted accepted) {
    Admission admission = admission(conn).orElseThrow();
    String remote =
        admission.client().equals(HandshakeLog.address(conn))
            ? HandshakeLog.remote(conn)
            : admission.client();
    Session session = new Session(conn, accepted.subprotocol(), remote, admission.permit());
    session.live(sessions.open(session, accepted.token(), accepted.origin().orElse(null)));
    conn.setAttachment(session);
    metrics.opened(session.tenant());
    call(session, () -> handler.onOpen(session));
  }

  @Override
  protected void onAcceptedText(WebSocket conn, String message) {
    Session s = conn.getAttachment();
    if (!sessions.handledInBand(s.live(), message)) {
      call(s, () -> handler.onText(s, message));
    }
  }

  @Override
  protected void onAcceptedBinary(WebSocket conn, ByteBuffer message) {
    Session s = conn.getAttachment();
    call(s, () -> handler.onBinary(s, message));
  }

  @Override
  protected void onAcceptedClose(WebSocket conn, int code, String reason, boolean remote) {
    Session s = conn.getAttachment();
    sessions.closed(s.live());
    int initiated = ((GatedWebSocket) conn).initiatedCode();
    metrics.closed(s.tenant(), initiated != 0 ? initiated : code, initiated == 0 && remote);
    call(s, () -> handler.onClose(s, code, reason, remote));
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
