package dev.wsgate.adapter.javawebsocket.internal.upgrade;

import java.nio.charset.StandardCharsets;
import org.java_websocket.handshake.HandshakeImpl1Server;
import org.jspecify.annotations.Nullable;

/**
 * The {@code 101 Switching Protocols} of an accepted upgrade, written by {@link GateDraft} as these
 * bytes rather than through the library's header map: the headers of RFC 6455 §4.2.2 and nothing
 * else, in the order the library's case-insensitive map wrote them.
 */
public final class SwitchingProtocols extends HandshakeImpl1Server {
  private final @Nullable String subprotocol;
  private @Nullable String accept;

  /** The answer to an upgrade, with the subprotocol the gate picked (null for none). */
  public SwitchingProtocols(@Nullable String subprotocol) {
    this.subprotocol = subprotocol;
    setHttpStatus((short) 101);
    setHttpStatusMessage("Switching Protocols");
  }

  /** Sets the {@code Sec-WebSocket-Accept} value, once the client's key is known. */
  void accept(String acceptValue) {
    this.accept = acceptValue;
  }

  /** The whole response: status line, headers, blank line. */
  byte[] bytes() {
    StringBuilder b =
        new StringBuilder(160)
            .append("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n")
            .append("Sec-WebSocket-Accept: ")
            .append(accept)
            .append("\r\n");
    if (subprotocol != null) {
      b.append("Sec-WebSocket-Protocol: ").append(subprotocol).append("\r\n");
    }
    return b.append("Upgrade: websocket\r\n\r\n").toString().getBytes(StandardCharsets.US_ASCII);
  }
}
