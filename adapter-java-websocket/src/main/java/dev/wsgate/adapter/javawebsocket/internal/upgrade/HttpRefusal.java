package dev.wsgate.adapter.javawebsocket.internal.upgrade;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.Refusal;
import dev.wsgate.spi.Failure;
import org.java_websocket.handshake.HandshakeImpl1Server;

/**
 * A refused upgrade on its way through Java-WebSocket: the library passes a handshake response from
 * the server's hook to the draft, and {@link GateDraft} writes this one's {@link Refusal} verbatim
 * instead of the library's fixed 101 (or its fixed {@code 404 WebSocket Upgrade Failure}).
 */
public final class HttpRefusal extends HandshakeImpl1Server {
  private final Decision.Rejected rejected;

  HttpRefusal(Decision.Rejected rejected) {
    this.rejected = rejected;
    Refusal r = rejected.refusal();
    setHttpStatus((short) r.status());
    setHttpStatusMessage(r.failure().httpReasonPhrase());
    setContent(r.body());
  }

  /** A refusal of the transport, before the gate saw the request. */
  static HttpRefusal transport(Failure failure, String reason) {
    return new HttpRefusal(Decision.Rejected.transport(failure, reason));
  }

  Decision.Rejected rejected() {
    return rejected;
  }

  /** The full response: status line, headers, body. */
  byte[] bytes() {
    return rejected.refusal().httpResponse();
  }
}
