package dev.wsgate.adapter.spring;

import java.util.Map;

/** An open WebSocket connection as the session logic sees it, on either stack. */
interface Connection {
  /** Starts the closing handshake; ignored when already closed. Never throws. */
  void close(int code, String reason);

  /** Sends a text message; ignored once closed. Never throws. */
  void send(String text);

  /** The session's attributes, where the identity is kept for the application. */
  Map<String, Object> attributes();
}
