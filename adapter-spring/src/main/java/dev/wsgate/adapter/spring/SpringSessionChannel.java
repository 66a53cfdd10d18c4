package dev.wsgate.adapter.spring;

import dev.wsgate.session.LiveSession;
import dev.wsgate.session.SessionChannel;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An admitted connection on either stack as the shared session code sees it, and what the starter
 * keeps of it: the session's attributes (where the identity is kept for the application), its
 * {@link LiveSession} once registered, and the code of a close the server started (which the close
 * metric counts, whatever code the transport then reports). Thread-safe; {@link #send} and {@link
 * #closeTransport} never throw.
 */
abstract class SpringSessionChannel implements SessionChannel {
  private final Map<String, Object> attributes;
  private final AtomicInteger closedWith = new AtomicInteger();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile LiveSession live;

  SpringSessionChannel(Map<String, Object> attributes) {
    this.attributes = Objects.requireNonNull(attributes, "attributes");
  }

  /** Starts the closing handshake from the server's side and remembers its code. */
  @Override
  public final void close(int code, String reason) {
    closedWith.compareAndSet(0, code);
    closeTransport(code, reason);
  }

  /** Starts the transport's closing handshake; ignored when already closed. */
  abstract void closeTransport(int code, String reason);

  /** The session's attributes. */
  final Map<String, Object> attributes() {
    return attributes;
  }

  /** The code the server closed with, 0 when the client closed first. */
  final int closedWith() {
    return closedWith.get();
  }

  final void live(LiveSession registered) {
    this.live = registered;
  }

  /** The registered session; set before the application sees the connection. */
  final LiveSession live() {
    return live;
  }

  /** True the first time only: the transport may report one close more than once. */
  final boolean end() {
    return ended.compareAndSet(false, true);
  }
}
