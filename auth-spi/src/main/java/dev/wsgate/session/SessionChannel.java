package dev.wsgate.session;

/**
 * What the session code needs of a transport's open connection. Implementations are thread-safe:
 * the registry calls them from its timer thread and from a verification's completion as well as
 * from the connection's own thread.
 */
public interface SessionChannel {

  /** Sends a text frame; ignored once the connection is closed. */
  void send(String text);

  /**
   * Starts the closing handshake with {@code code} and {@code reason} (short, never a token); the
   * adapter then tells the registry {@link SessionRegistry#closed}. Ignored once closed.
   */
  void close(int code, String reason);
}
