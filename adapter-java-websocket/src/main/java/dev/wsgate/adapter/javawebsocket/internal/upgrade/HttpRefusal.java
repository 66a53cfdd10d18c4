package dev.wsgate.adapter.javawebsocket.internal.upgrade;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.HttpAnswer;
import org.java_websocket.handshake.HandshakeImpl1Server;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP answer instead of a 101 on its way through Java-WebSocket: a refused upgrade, or the
 * answer of the ticket endpoint. The library passes a handshake response from the server's hook to
 * the draft, and {@link GateDraft} writes this one verbatim instead of the library's fixed 101 (or
 * its fixed {@code 404 WebSocket Upgrade Failure}); the connection is then closed.
 */
public final class HttpRefusal extends HandshakeImpl1Server {
  private final Decision.@Nullable Rejected rejected;
  private final byte[] bytes;

  HttpRefusal(Decision.Rejected rejected) {
    this.rejected = rejected;
    this.bytes = rejected.refusal().httpResponse();
  }

  private HttpRefusal(HttpAnswer answer) {
    this.rejected = null;
    this.bytes = answer.httpResponse();
  }

  /** An answer of the ticket endpoint (a ticket, a refusal with CORS headers, a preflight). */
  static HttpRefusal answer(HttpAnswer answer) {
    return new HttpRefusal(answer);
  }

  /** The refusal; null for an answer of the ticket endpoint. */
  Decision.@Nullable Rejected rejected() {
    return rejected;
  }

  /** The full response: status line, headers, body. */
  byte[] bytes() {
    return bytes;
  }
}
