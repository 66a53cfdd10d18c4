package dev.wsgate.adapter.javawebsocket.internal.upgrade;

import dev.wsgate.gate.Evaluation;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketListener;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;
import org.jspecify.annotations.Nullable;

/**
 * Creates {@link GatedWebSocket}s and enforces their upgrade deadline: connections whose request is
 * not complete are kept in one set, which a task on the shared scheduler walks a few times per
 * deadline. A scheduled task per connection (queued and cancelled under the timer's lock on every
 * handshake) would take the timer's lock twice per connection; the set costs an insert and a
 * removal. {@code verify} and {@code finishing} are where a connection's pending verification runs
 * and where its upgrade is finished (see {@link GatedWebSocket}); a null {@code verify} settles
 * pending verifications on the decoder thread.
 */
public final class GatedSocketFactory implements WebSocketServerFactory {
  private final long handshakeTimeoutNanos;
  private final int maxRequestBytes;
  private final HandshakeCounter metrics;
  private final BiFunction<GatedWebSocket, UpgradeRequest, Evaluation> begin;
  private final @Nullable Executor verify;
  private final @Nullable Executor finishing;
  private final Set<GatedWebSocket> unfinished = ConcurrentHashMap.newKeySet();
  private volatile @Nullable WritingListener listener;
  private final boolean sweepSelectedKeys =
      !Boolean.getBoolean("wsgate.internal.no-selected-key-sweep");

  public GatedSocketFactory(
      ScheduledExecutorService scheduler,
      Duration handshakeTimeout,
      int maxRequestBytes,
      HandshakeCounter metrics,
      BiFunction<GatedWebSocket, UpgradeRequest, Evaluation> begin,
      @Nullable Executor verify,
      @Nullable Executor finishing) {
    this.handshakeTimeoutNanos = handshakeTimeout.toNanos();
    this.maxRequestBytes = maxRequestBytes;
    this.metrics = metrics;
    this.begin = begin;
    this.verify = verify;
    this.finishing = finishing;
    // a request is refused at most a quarter of the deadline (and never more than 1 s) late
    long every = Math.max(10, Math.min(1000, handshakeTimeout.toMillis() / 4));
    try {
      scheduler.scheduleWithFixedDelay(this::refuseOverdue, every, every, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // the server is stopping
    }
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter a, Draft d) {
    return createWebSocket(a, List.of(d));
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter a, List<Draft> drafts) {
    GatedWebSocket ws =
        new GatedWebSocket(
            writingListener(a),
            drafts,
            maxRequestBytes,
            metrics,
            begin,
            verify,
            finishing,
            System.nanoTime() + handshakeTimeoutNanos,
            unfinished);
    unfinished.add(ws);
    return ws;
  }

  /** One listener for every connection of the server: it is the server's, shared. */
  private WritingListener writingListener(WebSocketListener server) {
    WritingListener l = listener;
    if (l == null || l.server() != server) {
      l = new WritingListener(server);
      listener = l;
    }
    return l;
  }

  /** Refuses (408) the connections whose upgrade request is past its deadline. */
  private void refuseOverdue() {
    long now = System.nanoTime();
    for (GatedWebSocket ws : unfinished) {
      if (ws.deadlinePassed(now)) {
        unfinished.remove(ws);
      }
    }
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
