package dev.wsgate.server.config;

import java.util.Locale;

/** Which library listens for the server's connections ({@code wsgate.transport}). */
public enum TransportKind {
  /** Java-WebSocket, the library wsgate is built around; the default. */
  JAVA_WEBSOCKET("java-websocket"),
  /** Netty 4.2 through {@code wsgate-adapter-netty}. */
  NETTY("netty");

  /** The key that chooses it. */
  public static final String KEY = "wsgate.transport";

  private final String value;

  TransportKind(String value) {
    this.value = value;
  }

  /** The value of {@link #KEY} that chooses it. */
  public String value() {
    return value;
  }

  /**
   * The transport {@code v} names.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static TransportKind parse(String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    for (TransportKind k : values()) {
      if (k.value.equals(s)) {
        return k;
      }
    }
    throw new IllegalArgumentException("expected java-websocket or netty, got '" + v + "'");
  }
}
