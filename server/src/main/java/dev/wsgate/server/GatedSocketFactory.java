package dev.wsgate.server;

import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;

/**
 * Creates {@link GatedWebSocket}s and arms their upgrade deadline on the shared scheduler. {@code
 * handoff} (null for none) is where their upgrade requests are decoded.
 */
final class GatedSocketFactory implements WebSocketServerFactory {
  private final ScheduledExecutorService scheduler;
  private final Duration handshakeTimeout;
  private final int maxRequestBytes;
  private final ServerMetrics metrics;
  private final Executor handoff;
  private final boolean sweepSelectedKeys =
      !Boolean.getBoolean("wsgate.internal.no-selected-key-sweep");

  GatedSocketFactory(
      ScheduledExecutorService scheduler,
      Duration handshakeTimeout,
      int maxRequestBytes,
      ServerMetrics metrics,
      Executor handoff) {
    this.handoff = handoff;
    this.scheduler = scheduler;
    this.handshakeTimeout = handshakeTimeout;
    this.maxRequestBytes = maxRequestBytes;
    this.metrics = metrics;
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter a, Draft d) {
    return createWebSocket(a, List.of(d));
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter a, List<Draft> drafts) {
    GatedWebSocket ws = new GatedWebSocket(a, drafts, maxRequestBytes, metrics, handoff);
    try {
      ws.deadline(
          scheduler.schedule(
              ws::deadlinePassed, handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (RejectedExecutionException e) {
      // the server is stopping; the connection is closed with it
    }
    return ws;
  }

  @Override
  public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) {
    return sweepSelectedKeys ? new SweepingChannel(channel, key) : channel;
  }

  @Override
  public void close() {
    // the scheduler belongs to the server, which shuts it down
  }
}
