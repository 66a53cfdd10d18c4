package dev.wsgate.adapter.javawebsocket;

import java.nio.ByteBuffer;

/**
 * The application behind the gate. It sees only connections whose upgrade the gate accepted; each
 * {@link Session} carries the connection's verified identity.
 *
 * <p>Methods are called on Java-WebSocket's decoder threads ({@code onOpen} and a client's first
 * messages on a {@code wsgate-upgrade} thread when the upgrade waited for a verifier: README,
 * "Threading"): calls for one connection never overlap, calls for different connections may run
 * concurrently. A method that blocks delays every connection pinned to the same decoder, so hand
 * long work to your own executor. An exception thrown here is logged (class name only) and closes
 * that connection with 1011.
 */
public interface ConnectionHandler {

  /** The upgrade was accepted; {@code session} is open. */
  default void onOpen(Session session) {}

  /** A text message arrived. */
  default void onText(Session session, String text) {}

  /** A binary message arrived. */
  default void onBinary(Session session, ByteBuffer data) {}

  /**
   * The connection closed.
   *
   * @param code the close code (4002 when wsgate closed it because the token expired)
   * @param reason the close reason
   * @param remote whether the client started the close
   */
  default void onClose(Session session, int code, String reason, boolean remote) {}

  /** The default handler: echoes every text message back to its sender. */
  static ConnectionHandler echo() {
    return new ConnectionHandler() {
      @Override
      public void onText(Session session, String text) {
        session.send(text);
      }

      @Override
      public String toString() {
        return "echo";
      }
    };
  }
}
