package dev.wsgate.adapter.javawebsocket.internal.upgrade;

import dev.wsgate.adapter.javawebsocket.Session;
import dev.wsgate.gate.Decision;
import dev.wsgate.gate.Redaction;
import java.net.InetSocketAddress;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per handshake outcome: remote address, origin, tenant, failure and the token's
 * fingerprint. The request target's query values are {@code [REDACTED]}; {@code Cookie}, {@code
 * Authorization} and {@code Sec-WebSocket-Protocol} values are never logged; neither are tokens,
 * secrets or exception messages.
 */
public final class HandshakeLog {
  private static final Logger LOG =
      LoggerFactory.getLogger("dev.wsgate.adapter.javawebsocket.handshake");

  private HandshakeLog() {}

  /**
   * The peer as {@code ip:port}, plus {@code client=<ip>} when a trusted proxy forwarded the
   * request for another address.
   */
  static String who(WebSocket conn, String clientAddress) {
    String peer = remote(conn);
    return peer.startsWith(clientAddress + ":") || peer.startsWith("[" + clientAddress + "]:")
        ? peer
        : peer + " client=" + clientAddress;
  }

  static void accepted(
      String who, ClientHandshake request, Decision.Accepted d, long latencyMillis) {
    if (LOG.isInfoEnabled()) {
      // built here rather than by SLF4J's "{}" formatter: one line per handshake
      LOG.info(
          line("accepted", 101, "-", who, request, d.tenant(), d.tokenFingerprint())
              .append(" subprotocol=")
              .append(d.subprotocol().orElse("-"))
              .append(" latency_ms=")
              .append(latencyMillis)
              .toString());
    }
  }

  static void refused(
      String who, ClientHandshake request, Decision.Rejected rejected, long latencyMillis) {
    if (LOG.isInfoEnabled()) {
      LOG.info(
          line(
                  "rejected",
                  rejected.refusal().status(),
                  rejected.failure().toString(),
                  who,
                  request,
                  rejected.tenant().isEmpty() ? "-" : rejected.tenant(),
                  rejected.tokenFingerprint().isEmpty() ? "-" : rejected.tokenFingerprint())
              .append(" latency_ms=")
              .append(latencyMillis)
              .toString());
    }
  }

  /** An upgrade let through without a token: it must authenticate with its first frame. */
  static void awaiting(
      String who, ClientHandshake request, Decision.AwaitingAuthentication d, long latencyMillis) {
    if (LOG.isInfoEnabled()) {
      LOG.info(
          line("awaiting-authentication", 101, "-", who, request, d.tenant(), "-")
              .append(" subprotocol=")
              .append(d.subprotocol().orElse("-"))
              .append(" latency_ms=")
              .append(latencyMillis)
              .toString());
    }
  }

  /**
   * A request to the ticket endpoint: its status, and the fingerprint of the token it carried (the
   * ticket itself is never logged).
   */
  static void ticket(String who, String method, int status, Decision decision) {
    LOG.info(
        "ticket request method={} status={} remote={} tenant={} token={}",
        method,
        status,
        who,
        decision.tenant().isEmpty() ? "-" : decision.tenant(),
        method.equals("POST") && !decision.tokenFingerprint().isEmpty()
            ? decision.tokenFingerprint()
            : "-");
  }

  /**
   * A first-message authentication: accepted when {@code failure} is null, else refused and the
   * connection closed with {@code closeCode}.
   */
  public static void authenticated(
      String remote,
      String tenant,
      String token,
      dev.wsgate.spi.@Nullable Failure failure,
      int closeCode) {
    if (failure == null) {
      LOG.info("session authenticated remote={} tenant={} token={}", remote, tenant, token);
    } else {
      LOG.info(
          "session authentication rejected failure={} remote={} tenant={} token={}; closing with {}",
          failure,
          remote,
          tenant,
          token,
          closeCode);
    }
  }

  private static StringBuilder line(
      String outcome,
      int status,
      String failure,
      String who,
      ClientHandshake request,
      String tenant,
      String token) {
    return new StringBuilder(256)
        .append("handshake ")
        .append(outcome)
        .append(" status=")
        .append(status)
        .append(" failure=")
        .append(failure)
        .append(" remote=")
        .append(who)
        .append(" target=")
        .append(Redaction.requestTarget(request.getResourceDescriptor()))
        .append(" origin=")
        .append(origin(request))
        .append(" tenant=")
        .append(tenant)
        .append(" token=")
        .append(token);
  }

  /**
   * An in-band refresh: accepted when {@code failure} is null, else refused and the connection
   * closed with {@code closeCode}.
   */
  public static void refreshed(
      Session session, String token, dev.wsgate.spi.@Nullable Failure failure, int closeCode) {
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
          closeCode);
    }
  }

  /** A refusal before the request was complete (too large, too slow). */
  static void refusedEarly(WebSocket conn, Decision.Rejected rejected) {
    LOG.info(
        "handshake rejected status={} failure={} remote={} reason={}",
        rejected.refusal().status(),
        rejected.failure(),
        remote(conn),
        rejected.safeMessage());
  }

  /** The client IP without the port: the key of the failure limit. */
  public static String address(WebSocket conn) {
    try {
      InetSocketAddress a = conn.getRemoteSocketAddress();
      return a == null ? "-" : a.getAddress().getHostAddress();
    } catch (RuntimeException e) {
      return "-";
    }
  }

  public static String remote(WebSocket conn) {
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
