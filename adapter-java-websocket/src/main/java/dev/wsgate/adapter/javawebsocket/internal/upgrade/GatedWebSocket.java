package dev.wsgate.adapter.javawebsocket.internal.upgrade;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.Evaluation;
import dev.wsgate.gate.PendingVerification;
import dev.wsgate.gate.TransportRefusals;
import dev.wsgate.internal.firstmessage.Authenticating;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketListener;
import org.java_websocket.drafts.Draft;
import org.java_websocket.enums.ReadyState;
import org.java_websocket.exceptions.IncompleteHandshakeException;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.framing.CloseFrame;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection that bounds its upgrade request and decides it in one pass. Bounds: at most {@code
 * maxRequestBytes} before the request is complete (else 431, before Java-WebSocket's header parser,
 * which re-parses the whole buffer on every read), and a deadline set by {@link GatedSocketFactory}
 * (else 408). Java-WebSocket has neither limit, and its own refusal path leaves the socket open;
 * these refusals write the response directly and close the socket.
 *
 * <p>One pass: once the request is complete, the decoder thread parses it (once: {@link GateDraft}
 * takes it over) and begins deciding it ({@link UpgradeDecider#begin}, never blocking). A decision
 * that is final at once is written by the decoder as the library goes on. A decision that waits for
 * a verifier ({@link PendingVerification}) holds no thread: the connection's bytes wait in {@link
 * #pending}, and when the decision arrives a thread of the {@code finishing} executor decodes them
 * (the 101 or the refusal, then the first frames) before it lets go, so that one connection's bytes
 * are still decoded one buffer at a time and in order (README, "Threading").
 */
public final class GatedWebSocket extends WebSocketImpl {
  private static final Logger LOG = LoggerFactory.getLogger(GatedWebSocket.class);

  /**
   * The most bytes held for a connection while its upgrade is decided: the client's first frames,
   * sent right after the 101, before the decision's thread has let go.
   */
  static final int PENDING_LIMIT = 1 << 20;

  private final int maxRequestBytes;
  private final HandshakeCounter metrics;
  private int requestBytes;
  private volatile boolean requestComplete;
  private volatile Admission admission;
  private volatile @Nullable Authenticating<Object> authenticating;
  private OpenState openState = OpenState.NEW; // guarded by this
  private @Nullable Close pendingClose; // guarded by this
  private boolean closedUnopened; // guarded by this
  private volatile int initiatedCode;
  private volatile boolean refusing;
  private final long deadlineNanos;
  private final Set<GatedWebSocket> unfinished;

  /** Begins deciding a complete request on the decoder thread. */
  private final BiFunction<GatedWebSocket, UpgradeRequest, Evaluation> begin;

  /** Where blocking verifier work runs; null: pending verifications complete on the decoder. */
  private final @Nullable Executor verify;

  /** Where the upgrade is finished once a pending verification's decision arrives. */
  private final @Nullable Executor finishing;

  /**
   * The bytes of a request that has not arrived in full, when it comes in several reads (most come
   * in one); null otherwise. Only the decoding thread touches it.
   */
  private @Nullable ByteBuffer requestSoFar;

  /** The request as parsed ahead of the library, for {@link GateDraft}; null until then. */
  private UpgradeRequest.@Nullable Ahead ahead;

  /** The decision begun for the request; null until it is known. */
  private @Nullable Decision decision;

  private long beganNanos;

  private final Object handoffLock = new Object();

  /** Whether decoding waits for a decision or runs elsewhere; guarded by {@link #handoffLock}. */
  private boolean handedOff;

  /**
   * Bytes that arrived while handed off, in order; null until some do (most connections never need
   * it, and 10,000 idle ones must stay small); guarded by {@link #handoffLock}.
   */
  private @Nullable ArrayDeque<ByteBuffer> pending;

  private int pendingBytes;

  GatedWebSocket(
      WebSocketListener listener,
      List<Draft> drafts,
      int maxRequestBytes,
      HandshakeCounter metrics,
      BiFunction<GatedWebSocket, UpgradeRequest, Evaluation> begin,
      @Nullable Executor verify,
      @Nullable Executor finishing,
      long deadlineNanos,
      Set<GatedWebSocket> unfinished) {
    this(
        listener,
        new ArrayList<>(drafts),
        maxRequestBytes,
        metrics,
        begin,
        verify,
        finishing,
        deadlineNanos,
        unfinished);
  }

  private GatedWebSocket(
      WebSocketListener listener,
      ArrayList<Draft> drafts,
      int maxRequestBytes,
      HandshakeCounter metrics,
      BiFunction<GatedWebSocket, UpgradeRequest, Evaluation> begin,
      @Nullable Executor verify,
      @Nullable Executor finishing,
      long deadlineNanos,
      Set<GatedWebSocket> unfinished) {
    super(listener, drafts);
    // Java-WebSocket keeps this list as its drafts: bind ours to this connection
    drafts.replaceAll(d -> d instanceof GateDraft ? ((GateDraft) d).boundTo(this) : d);
    this.maxRequestBytes = maxRequestBytes;
    this.metrics = metrics;
    this.begin = begin;
    this.verify = verify;
    this.finishing = finishing;
    this.deadlineNanos = deadlineNanos;
    this.unfinished = unfinished;
  }

  /**
   * The request parsed ahead of the library, handed over once (an open connection does not keep its
   * request's head); null when it was not.
   */
  UpgradeRequest.@Nullable Ahead takeParsedAhead() {
    UpgradeRequest.Ahead taken = ahead;
    ahead = null;
    return taken;
  }

  /** The decision begun for the request; null when none was. */
  public @Nullable Decision begunDecision() {
    return decision;
  }

  /** When deciding began ({@link System#nanoTime()}). */
  public long beganNanos() {
    return beganNanos == 0 ? System.nanoTime() : beganNanos;
  }

  /** Called by the handshake hook: the request arrived in full, the deadline no longer applies. */
  public void requestComplete() {
    requestComplete = true;
    unfinished.remove(this);
  }

  /** Called by the handshake hook when the gate accepted the connection. */
  public void admit(Admission a) {
    this.admission = a;
  }

  /** Called by the handshake hook for an upgrade that must authenticate by first message. */
  public void authenticateByMessage(Authenticating<Object> a) {
    this.authenticating = a;
  }

  /** The first-message authentication of this connection; null when its upgrade had a token. */
  public @Nullable Authenticating<Object> authenticating() {
    return authenticating;
  }

  /** The admission (decision, client address, connection permit) of an accepted connection. */
  public Optional<Admission> admission() {
    return Optional.ofNullable(admission);
  }

  /** Where the application's view of this connection stands. */
  private enum OpenState {
    NEW,
    OPENING,
    OPEN,
    CLOSED_FIRST
  }

  /** A close that arrived while the application's open hook ran, reported right after it. */
  public record Close(int code, String reason, boolean remote) {}

  /**
   * Starts telling the application that the connection is open; false when it already closed (the
   * application then hears of neither). Its close is held back until {@link #endOpen} so that the
   * application's close hook never runs before or during its open hook.
   */
  public synchronized boolean beginOpen() {
    if (openState != OpenState.NEW) {
      return false;
    }
    openState = OpenState.OPENING;
    return true;
  }

  /** Ends the open hook; the close that arrived meanwhile, to report now. */
  public synchronized Optional<Close> endOpen() {
    openState = OpenState.OPEN;
    Close close = pendingClose;
    pendingClose = null;
    return Optional.ofNullable(close);
  }

  /**
   * The connection closed: true when the application must hear it now; while its open hook runs the
   * close is kept for {@link #endOpen}; before that, the application never hears of the connection.
   */
  public synchronized boolean closeReported(int code, String reason, boolean remote) {
    switch (openState) {
      case OPEN:
        return true;
      case OPENING:
        pendingClose = new Close(code, reason, remote);
        return false;
      default:
        openState = OpenState.CLOSED_FIRST;
        return false;
    }
  }

  /**
   * Marks a connection closed before Java-WebSocket opened it; true the first time. Called under
   * this connection's monitor.
   */
  public boolean closeUnopened() {
    if (closedUnopened) {
      return false;
    }
    closedUnopened = true;
    return true;
  }

  /** Whether {@link #closeUnopened} ran. Called under this connection's monitor. */
  public boolean isClosedUnopened() {
    return closedUnopened;
  }

  /**
   * The close code this side sent first, 0 when the peer closed first: a client that drops the TCP
   * connection after our close frame makes Java-WebSocket report 1006 instead.
   */
  public int initiatedCode() {
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
    if (!requestComplete && getReadyState() == ReadyState.NOT_YET_CONNECTED) {
      if (refusedAsTooLarge(socketBuffer)) {
        return;
      }
      UpgradeRequest.Ahead parsed = parseAhead(socketBuffer);
      if (parsed != null) {
        requestComplete(); // the deadline is for the request's bytes, not for its verification
        ahead = parsed;
        beganNanos = System.nanoTime();
        Evaluation e = begin.apply(this, parsed.request());
        if (e instanceof PendingVerification) {
          if (verify != null) {
            awaitDecision((PendingVerification) e, socketBuffer);
            return;
          }
          e = ((PendingVerification) e).verify(Runnable::run).toCompletableFuture().join();
        }
        decision = (Decision) e;
      }
    }
    super.decode(socketBuffer);
  }

  /** Counts request bytes; past the limit, consumes {@code bytes} and answers 431. */
  private boolean refusedAsTooLarge(ByteBuffer bytes) {
    requestBytes += bytes.remaining();
    if (requestBytes <= maxRequestBytes) {
      return false;
    }
    bytes.position(bytes.limit());
    refuse(new HttpRefusal(TransportRefusals.tooLarge(maxRequestBytes)));
    return true;
  }

  /**
   * The request that {@code bytes} complete, parsed from a view of the bytes; null while it is
   * incomplete (Java-WebSocket keeps its bytes and so does this connection, for the next call) or
   * when it is malformed (the draft then refuses it).
   */
  private UpgradeRequest.@Nullable Ahead parseAhead(ByteBuffer bytes) {
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
      UpgradeRequest.Ahead parsed = UpgradeRequest.parseAhead(whole);
      requestSoFar = null;
      return parsed;
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
   * Keeps a copy of {@code bytes} (and whatever arrives after them) until {@code verification}
   * decides; then a {@code finishing} thread decodes them with the decision. No thread waits.
   */
  private void awaitDecision(PendingVerification verification, ByteBuffer bytes) {
    ByteBuffer copy = ByteBuffer.allocate(bytes.remaining()).put(bytes).flip();
    synchronized (handoffLock) {
      handedOff = true;
    }
    verification
        .verify(verify)
        .whenComplete(
            (d, error) -> {
              // the stage never fails (PendingVerification's contract); a decision is all it gives
              decision = d;
              try {
                finishing.execute(() -> decodeHandedOff(copy));
              } catch (RejectedExecutionException e) {
                closeConnection(CloseFrame.GOING_AWAY, "server shutting down", false);
              }
            });
  }

  /** On a {@code finishing} thread: decodes {@code first}, then whatever arrived meanwhile. */
  private void decodeHandedOff(ByteBuffer first) {
    ByteBuffer next = first;
    while (true) {
      try {
        if (next.hasRemaining()) {
          super.decode(next);
        }
      } catch (RuntimeException e) {
        // what Java-WebSocket's decoder does with a failed decode: log, and the connection goes
        LOG.error("decoding failed after the upgrade's decision: {}", e.getClass().getName());
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
      refuse(new HttpRefusal(TransportRefusals.timedOut()));
    }
    return true;
  }

  /**
   * Writes the queued bytes on the calling thread, or leaves them to the selector thread ({@code
   * server}'s write demand) when it cannot: the selector is already to write for this connection
   * ({@code OP_WRITE} set), the connection is to close once flushed (the selector closes it), the
   * socket's send buffer is full, or the write failed (the selector meets the failure too and
   * closes the connection). A refused upgrade's answer is the selector's too: it writes the answer
   * and closes the socket in one pass, so the client cannot close first and race the library's open
   * of a connection it is closing. Writers of one connection take turns on its queue's monitor, and
   * the demand is made before the turn ends. The selector writes for a key whose ready set holds
   * {@code OP_WRITE}, and Java-WebSocket's loop keeps a key selected for writing in its selected
   * set, ready set unchanged, pass after pass until a read removes it; the ready set gets {@code
   * OP_WRITE} only while it is of interest. So a writer that finds {@code OP_WRITE} in neither set
   * knows that the selector is not writing for this connection and will not start before the next
   * demand.
   */
  void writeQueued(WebSocketListener server) {
    ByteChannel channel = getChannel();
    SelectionKey key = getSelectionKey();
    synchronized (outQueue) {
      if (key == null
          || !(channel instanceof SweepingChannel || channel instanceof SocketChannel)
          || !writtenHere(key, channel)) {
        server.onWriteDemand(this);
      }
    }
  }

  private boolean writtenHere(SelectionKey key, ByteChannel channel) {
    try {
      if (refusing
          || isFlushAndClose()
          || ((key.interestOps() | key.readyOps()) & SelectionKey.OP_WRITE) != 0) {
        return false;
      }
      for (ByteBuffer b = outQueue.peek(); b != null; b = outQueue.peek()) {
        channel.write(b);
        if (b.hasRemaining()) {
          return false;
        }
        outQueue.poll();
      }
      return true;
    } catch (IOException | CancelledKeyException e) {
      return false;
    }
  }

  /** Called by this connection's draft when its answer is a refusal instead of a {@code 101}. */
  void refusing() {
    refusing = true;
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
    Decision.Rejected r = java.util.Objects.requireNonNull(refusal.rejected()); // transport's own
    HandshakeLog.refusedEarly(this, r);
    metrics.handshake(r.failure(), r.refusal().status(), "");
    closeConnection(CloseFrame.NEVER_CONNECTED, r.failure().logReason(), false);
  }

  @Override
  public synchronized void closeConnection(int code, String message, boolean remote) {
    unfinished.remove(this);
    super.closeConnection(code, message, remote);
  }
}
