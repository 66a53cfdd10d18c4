package dev.wsgate.server;

import dev.wsgate.spi.Failure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketListener;
import org.java_websocket.drafts.Draft;
import org.java_websocket.enums.ReadyState;
import org.java_websocket.exceptions.IncompleteHandshakeException;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.framing.CloseFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection that bounds its upgrade request: at most {@code maxRequestBytes} before the request
 * is complete (else 431, before Java-WebSocket's header parser, which re-parses the whole buffer on
 * every read), and a deadline set by {@link GatedSocketFactory} (else 408). Java-WebSocket has
 * neither limit, and its own refusal path leaves the socket open; these refusals write the response
 * directly and close the socket.
 *
 * <p>With a hand-off executor (a gate that may block on a key fetch), a request whose decision may
 * wait (checked on the decoder thread once it is complete: its tenant's verifier may block and the
 * verified-token cache does not hold its token) is decoded there instead of on the decoder thread,
 * so that the gate's wait holds a hand-off thread, never a decoder shared with other connections.
 * One connection's bytes are still decoded one buffer at a time and in order: bytes that arrive
 * meanwhile wait in {@link #pending} and the hand-off thread decodes them before it lets go
 * (README, "Threading").
 */
final class GatedWebSocket extends WebSocketImpl {
  private static final Logger LOG = LoggerFactory.getLogger(GatedWebSocket.class);

  /**
   * The most bytes held for a connection while its upgrade is decided elsewhere: the client's first
   * frames, sent right after the 101, before the hand-off thread has let go.
   */
  static final int PENDING_LIMIT = 1 << 20;

  private final int maxRequestBytes;
  private final ServerMetrics metrics;
  private int requestBytes;
  private volatile boolean requestComplete;
  private volatile Admission admission;
  private volatile boolean opened;
  private volatile int initiatedCode;
  private final long deadlineNanos;
  private final Set<GatedWebSocket> unfinished;

  /** Where upgrade requests that may wait are decoded; null: all on the decoder thread. */
  private final Executor handoff;

  /** Whether deciding a complete request may wait (then it is decoded on {@link #handoff}). */
  private final Predicate<UpgradeRequest> mayWait;

  /**
   * The bytes of a request that has not arrived in full, when it comes in several reads (most come
   * in one); null otherwise. Only the decoder thread touches it.
   */
  private ByteBuffer requestSoFar;

  private final Object handoffLock = new Object();

  /** Whether a hand-off thread owns decoding right now; guarded by {@link #handoffLock}. */
  private boolean handedOff;

  /**
   * Bytes that arrived while handed off, in order; null until some do (most connections never need
   * it, and 10,000 idle ones must stay small); guarded by {@link #handoffLock}.
   */
  private ArrayDeque<ByteBuffer> pending;

  private int pendingBytes;

  GatedWebSocket(
      WebSocketListener listener,
      List<Draft> drafts,
      int maxRequestBytes,
      ServerMetrics metrics,
      Executor handoff,
      Predicate<UpgradeRequest> mayWait,
      long deadlineNanos,
      Set<GatedWebSocket> unfinished) {
    super(listener, drafts);
    this.maxRequestBytes = maxRequestBytes;
    this.metrics = metrics;
    this.handoff = handoff;
    this.mayWait = mayWait;
    this.deadlineNanos = deadlineNanos;
    this.unfinished = unfinished;
  }

  /** Called by the handshake hook: the request arrived in full, the deadline no longer applies. */
  void requestComplete() {
    requestComplete = true;
    unfinished.remove(this);
  }

  /** Called by the handshake hook when the gate accepted the connection. */
  void admit(Admission a) {
    this.admission = a;
  }

  /** The admission (decision, client address, connection permit) of an accepted connection. */
  Optional<Admission> admission() {
    return Optional.ofNullable(admission);
  }

  /** Marks that the application saw the connection open; its close is then reported too. */
  void opened() {
    opened = true;
  }

  boolean isOpened() {
    return opened;
  }

  /**
   * The close code this side sent first, 0 when the peer closed first: a client that drops the TCP
   * connection after our close frame makes Java-WebSocket report 1006 instead.
   */
  int initiatedCode() {
    return initiatedCode;
  }

  @Override
  public synchronized void close(int code, String message, boolean remote) {
    if (!remote && initiatedCode == 0) {
      initiatedCode = code;
    }
    super.close(code, message, remote);
  }

  @Override
  public void decode(ByteBuffer socketBuffer) {
    boolean overflow;
    synchronized (handoffLock) {
      overflow = handedOff && !queue(socketBuffer);
      if (handedOff && !overflow) {
        return;
      }
    }
    if (overflow) {
      closeConnection(CloseFrame.TOOBIG, "too many bytes before the upgrade completed", false);
      return;
    }
    UpgradeRequest.Ahead ahead = null;
    if (!requestComplete && getReadyState() == ReadyState.NOT_YET_CONNECTED) {
      if (refusedAsTooLarge(socketBuffer)) {
        return;
      }
      if (handoff != null) {
        ahead = parseAhead(socketBuffer);
        if (ahead != null && mayWait.test(ahead.request()) && handOff(socketBuffer)) {
          return;
        }
      }
    }
    if (ahead == null) {
      super.decode(socketBuffer);
      return;
    }
    GateDraft.AHEAD.set(ahead); // the draft takes the parsed request instead of parsing it again
    try {
      super.decode(socketBuffer);
    } finally {
      GateDraft.AHEAD.remove();
    }
  }

  /** Counts request bytes; past the limit, consumes {@code bytes} and answers 431. */
  private boolean refusedAsTooLarge(ByteBuffer bytes) {
    requestBytes += bytes.remaining();
    if (requestBytes <= maxRequestBytes) {
      return false;
    }
    bytes.position(bytes.limit());
    refuse(
        HttpRefusal.transport(
            431,
            "the upgrade request exceeds " + maxRequestBytes + " bytes",
            Failure.TOKEN_TOO_LARGE));
    return true;
  }

  /**
   * The request that {@code bytes} complete, parsed on the decoder thread from a view of the bytes
   * (to ask whether deciding it may wait); null while it is incomplete (Java-WebSocket keeps its
   * bytes and so does this connection, for the next call) or when it is malformed (refused on this
   * thread).
   */
  private UpgradeRequest.Ahead parseAhead(ByteBuffer bytes) {
    ByteBuffer whole = bytes;
    if (requestSoFar != null) {
      requestSoFar =
          ByteBuffer.allocate(requestSoFar.remaining() + bytes.remaining())
              .put(requestSoFar)
              .put(bytes.duplicate())
              .flip();
      whole = requestSoFar;
    }
    try {
      UpgradeRequest.Ahead ahead = UpgradeRequest.parseAhead(whole);
      requestSoFar = null;
      return ahead;
    } catch (IncompleteHandshakeException e) {
      if (requestSoFar == null) {
        requestSoFar = ByteBuffer.allocate(bytes.remaining()).put(bytes.duplicate()).flip();
      }
      return null;
    } catch (InvalidHandshakeException e) {
      requestSoFar = null;
      return null;
    }
  }

  /**
   * Decodes a copy of {@code bytes} on the hand-off executor; false when it is saturated (the
   * caller then decodes on its own thread, as without a hand-off).
   */
  private boolean handOff(ByteBuffer bytes) {
    ByteBuffer copy = ByteBuffer.allocate(bytes.remaining()).put(bytes.duplicate()).flip();
    synchronized (handoffLock) {
      handedOff = true;
    }
    try {
      handoff.execute(() -> decodeHandedOff(copy));
    } catch (RejectedExecutionException e) {
      synchronized (handoffLock) {
        handedOff = false; // nothing was queued: only this decoder thread queues, and it is here
      }
      return false;
    }
    bytes.position(bytes.limit());
    return true;
  }

  /** On a hand-off thread: decodes {@code first}, then whatever arrived meanwhile. */
  private void decodeHandedOff(ByteBuffer first) {
    ByteBuffer next = first;
    while (true) {
      try {
        boolean queued = next != first;
        if (queued
            && !requestComplete
            && getReadyState() == ReadyState.NOT_YET_CONNECTED
            && refusedAsTooLarge(next)) {
          next.position(next.limit());
        } else if (next.hasRemaining()) {
          super.decode(next);
        }
      } catch (RuntimeException e) {
        // what Java-WebSocket's decoder does with a failed decode: log, and the connection goes
        LOG.error("decoding failed on the hand-off thread: {}", e.getClass().getName());
        closeConnection(CloseFrame.ABNORMAL_CLOSE, "internal error", false);
      }
      synchronized (handoffLock) {
        next = pending == null ? null : pending.poll();
        if (next == null) {
          handedOff = false;
          pending = null;
          return;
        }
        pendingBytes -= next.remaining();
      }
    }
  }

  /** Copies {@code bytes} onto {@link #pending}; false past {@link #PENDING_LIMIT}. */
  private boolean queue(ByteBuffer bytes) {
    int n = bytes.remaining();
    if (pendingBytes + n > PENDING_LIMIT) {
      bytes.position(bytes.limit());
      return false;
    }
    pendingBytes += n;
    if (pending == null) {
      pending = new ArrayDeque<>(4);
    }
    pending.add(ByteBuffer.allocate(n).put(bytes).flip());
    return true;
  }

  /**
   * Refuses the connection (408) when its request is still incomplete at {@code nowNanos}, past the
   * deadline. Run by the factory's sweep on the shared scheduler.
   *
   * @return whether the deadline has passed (the connection no longer needs watching)
   */
  boolean deadlinePassed(long nowNanos) {
    if (nowNanos - deadlineNanos < 0) {
      return false;
    }
    if (!requestComplete && getReadyState() == ReadyState.NOT_YET_CONNECTED) {
      refuse(
          HttpRefusal.transport(
              408, "the upgrade request was not completed in time", Failure.BAD_REQUEST));
    }
    return true;
  }

  private void refuse(HttpRefusal refusal) {
    ByteChannel channel = getChannel();
    if (channel != null) {
      try {
        // a fresh socket's send buffer takes these few hundred bytes in one non-blocking write
        channel.write(ByteBuffer.wrap(refusal.bytes()));
      } catch (IOException e) {
        // the client is gone; closing below is all that is left to do
      }
    }
    HandshakeLog.refusedEarly(this, refusal);
    metrics.handshake(refusal.failure(), refusal.status(), "");
    closeConnection(CloseFrame.NEVER_CONNECTED, refusal.failure().logReason(), false);
  }

  @Override
  public synchronized void closeConnection(int code, String message, boolean remote) {
    unfinished.remove(this);
    super.closeConnection(code, message, remote);
  }
}
