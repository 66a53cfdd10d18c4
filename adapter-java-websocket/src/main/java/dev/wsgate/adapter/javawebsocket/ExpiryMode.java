package dev.wsgate.adapter.javawebsocket;

/**
 * What the server does when an open connection's token expires ({@code wsgate.session.on-expiry}).
 */
public enum ExpiryMode {
  /** Close with 4002 "token expired", spread over the jitter window just before {@code exp}. */
  CLOSE,
  /** Leave the connection open; the application handles expiry itself. */
  KEEP
}
