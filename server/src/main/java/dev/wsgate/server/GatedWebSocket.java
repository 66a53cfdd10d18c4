package dev.wsgate.server;

import dev.wsgate.spi.Failure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketListener;
import org.java_websocket.drafts.Draft;
import org.java_websocket.enums.ReadyState;
import org.java_websocket.framing.CloseFrame;

/**
 * A connection that bounds its upgrade request: at most {@code maxRequestBytes} before the request
 * is complete (else 431, before Java-WebSocket's header parser, which re-parses the whole buffer on
 * every read), and a deadline set by {@link GatedSocketFactory} (else 408). Java-WebSocket has
 * neither limit, and its own refusal path leaves the socket open; these refusals write the response
 * directly and close the socket.
 */
final class GatedWebSocket extends WebSocketImpl {
  private final int maxRequestBytes;
  private final ServerMetrics metrics;
  private int requestBytes;
  private volatile boolean requestComplete;
  private volatile Admission admission;
  private volatile boolean opened;
  private volatile int initiatedCode;
  private final long deadlineNanos;
  private final Set<GatedWebSocket> pending;

  /**
   * @param deadlineNanos when ({@link System#nanoTime()}) the request must be complete
   * @param pending the factory's set of connections with an incomplete request: this one leaves it
   *     when its request is complete or it closes
   */
  GatedWebSocket(
      WebSocketListener listener,
      List<Draft> drafts,
      int maxRequestBytes,
      ServerMetrics metrics,
      long deadlineNanos,
      Set<GatedWebSocket> pending) {
    super(listener, drafts);
    this.maxRequestBytes = maxRequestBytes;
    this.metrics = metrics;
    this.deadlineNanos = deadlineNanos;
    this.pending = pending;
  }

  /** Called by the handshake hook: the request arrived in full, the deadline no longer applies. */
  void requestComplete() {
    requestComplete = true;
    pending.remove(this);
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
    if (!requestComplete && getReadyState() == ReadyState.NOT_YET_CONNECTED) {
      requestBytes += socketBuffer.remaining();
      if (requestBytes > maxRequestBytes) {
        socketBuffer.position(socketBuffer.limit());
        refuse(
            HttpRefusal.transport(
                431,
                "the upgrade request exceeds " + maxRequestBytes + " bytes",
                Failure.TOKEN_TOO_LARGE));
        return;
      }
    }
    super.decode(socketBuffer);
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
    pending.remove(this);
    super.closeConnection(code, message, remote);
  }
}
