package dev.wsgate.adapter.jetty;

import dev.wsgate.session.SessionChannel;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * An open Jakarta WebSocket session as the shared session code sees it. Jetty's {@code close} and
 * asynchronous send may be called from any thread.
 */
final class JettySessionChannel implements SessionChannel {
  private static final System.Logger LOG = System.getLogger(JettySessionChannel.class.getName());

  private final Session session;

  JettySessionChannel(Session session) {
    this.session = session;
  }

  @Override
  public void send(String text) {
    if (!session.isOpen()) {
      return;
    }
    try {
      session.getAsyncRemote().sendText(text);
    } catch (RuntimeException e) {
      // the application is in the middle of a partial message of its own, or the session closed
      LOG.log(Level.DEBUG, () -> "session frame not sent: " + e.getClass().getName());
    }
  }

  @Override
  public void close(int code, String reason) {
    if (!session.isOpen()) {
      return;
    }
    try {
      session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, () -> "session close failed: " + e.getClass().getName());
    }
  }

  @Override
  public String toString() {
    return "JettySessionChannel[" + session.getId() + "]";
  }
}
