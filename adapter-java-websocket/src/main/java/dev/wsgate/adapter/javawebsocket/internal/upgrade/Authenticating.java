package dev.wsgate.adapter.javawebsocket.internal.upgrade;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.java_websocket.handshake.ClientHandshake;
import org.jspecify.annotations.Nullable;

/**
 * A connection upgraded without a token, on its way to first-message authentication: what the
 * upgrade decided, and which step it is at. Every step runs while holding this object's monitor,
 * and so do the deliveries of an authenticated connection's messages, so that the messages held
 * while the token was verified reach the application first and never concurrently with later ones.
 */
public final class Authenticating {
  /** Where the connection is. */
  public enum Phase {
    /** Waiting for the first frame (the timeout may close it). */
    WAITING,
    /** The first frame's token is being verified; frames that arrive meanwhile are held. */
    VERIFYING,
    /** Authenticated (or closed): messages go to the application. */
    DONE
  }

  /** At most this many messages are held while the token is verified. */
  public static final int MAX_HELD = 16;

  private final Admission.Awaiting admission;
  private final ClientHandshake request;
  private volatile Phase phase = Phase.WAITING;
  private final List<Object> held = new ArrayList<>();
  private @Nullable Future<?> timeout;

  public Authenticating(Admission.Awaiting admission, ClientHandshake request) {
    this.admission = admission;
    this.request = request;
  }

  public Admission.Awaiting admission() {
    return admission;
  }

  /** The upgrade request, for the application's {@code onAccepted}. */
  public ClientHandshake request() {
    return request;
  }

  /**
   * The current phase; changed while holding this object's monitor, except to {@link Phase#DONE}
   * when the connection closes (its close may hold the socket's lock, which a step holding this
   * monitor may wait for).
   */
  public Phase phase() {
    return phase;
  }

  public void phase(Phase next) {
    this.phase = next;
  }

  /** Holds a message (String or ByteBuffer) that arrived while verifying; false when full. */
  public boolean hold(Object message) {
    if (held.size() >= MAX_HELD) {
      return false;
    }
    held.add(message);
    return true;
  }

  /** The held messages, in order; the list is emptied. */
  public List<Object> drain() {
    List<Object> out = List.copyOf(held);
    held.clear();
    return out;
  }

  public void timeout(Future<?> task) {
    this.timeout = task;
  }

  /** Cancels the timeout of the first frame. */
  public void cancelTimeout() {
    Future<?> t = timeout;
    if (t != null) {
      t.cancel(false);
    }
  }
}
