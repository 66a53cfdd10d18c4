package dev.wsgate.server;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.Redaction;
import java.net.InetSocketAddress;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per handshake outcome: remote address, origin, tenant, failure and the token's
 * fingerprint. The request target's query values are {@code [REDACTED]}; {@code Cookie}, {@code
 * Authorization} and {@code Sec-WebSocket-Protocol} values are never logged; neither are tokens,
 * secrets or exception messages.
 */
final class HandshakeLog {
  private static final Logger LOG = LoggerFactory.getLogger("dev.wsgate.server.handshake");

  private HandshakeLog() {}

  static void accepted(
      WebSocket conn, ClientHandshake request, Decision.Accepted d, String client) {
    if (LOG.isInfoEnabled()) {
      LOG.info(
          "handshake accepted remote={}{} target={} origin={} tenant={} token={} subprotocol={}",
          remote(conn),
          forwarded(conn, client),
          Redaction.requestTarget(request.getResourceDescriptor()),
          origin(request),
          d.tenant(),
          d.tokenFingerprint(),
          d.subprotocol().orElse("-"));
    }
  }

  static void refused(
      WebSocket conn,
      ClientHandshake request,
      HttpRefusal refusal,
      String tenant,
      String token,
      String client) {
    if (LOG.isInfoEnabled()) {
      LOG.info(
          "handshake rejected status={} failure={} remote={}{} target={} origin={} tenant={}"
              + " token={}",
          refusal.status(),
          refusal.failure(),
          remote(conn),
          forwarded(conn, client),
          Redaction.requestTarget(request.getResourceDescriptor()),
          origin(request),
          tenant.isEmpty() ? "-" : tenant,
          token.isEmpty() ? "-" : token);
    }
  }

  /** An in-band refresh: accepted when {@code failure} is null. */
  static void refreshed(Session session, String token, dev.wsgate.spi.Failure failure) {
    if (failure == null) {
      LOG.info(
          "session refreshed remote={} tenant={} token={}",
          session.remoteAddress(),
          session.tenant(),
          token);
    } else {
      LOG.info(
          "session refresh rejected failure={} remote={} tenant={} token={}; closing with {}",
          failure,
          session.remoteAddress(),
          session.tenant(),
          token,
          failure.closeCode());
    }
  }

  /** A refusal before the request was complete (too large, too slow). */
  static void refusedEarly(WebSocket conn, HttpRefusal refusal) {
    LOG.info(
        "handshake rejected status={} failure={} remote={} reason={}",
        refusal.status(),
        refusal.failure(),
        remote(conn),
        refusal.reason());
  }

  /** {@code " client=<ip>"} when a trusted proxy named another client than the peer. */
  private static String forwarded(WebSocket conn, String client) {
    return client.equals(address(conn)) ? "" : " client=" + client;
  }

  /** The peer's IP without the port. */
  static String address(WebSocket conn) {
    try {
      InetSocketAddress a = conn.getRemoteSocketAddress();
      return a == null ? "-" : a.getAddress().getHostAddress();
    } catch (RuntimeException e) {
      return "-";
    }
  }

  static String remote(WebSocket conn) {
    try {
      InetSocketAddress a = conn.getRemoteSocketAddress();
      return a == null ? "-" : a.getAddress().getHostAddress() + ":" + a.getPort();
    } catch (RuntimeException e) {
      return "-";
    }
  }

  private static String origin(ClientHandshake request) {
    String o = request.getFieldValue("Origin");
    return o.isEmpty() ? "-" : Redaction.printable(o);
  }
}
