package dev.wsgate.server;

import dev.wsgate.spi.Failure;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.java_websocket.handshake.HandshakeImpl1Server;

/**
 * A complete HTTP response that refuses an upgrade: a status other than 101, {@code Connection:
 * close}, a short plain-text reason, and {@code WWW-Authenticate} on 401. It travels through
 * Java-WebSocket as the handshake response so that {@link GateDraft} can write it instead of the
 * library's fixed 101 (or its fixed {@code 404 WebSocket Upgrade Failure}).
 */
final class HttpRefusal extends HandshakeImpl1Server {
  private final int status;
  private final String reason;
  private final Failure failure;
  private final byte[] bytes;

  private HttpRefusal(int status, String reason, Failure failure, Map<String, String> extra) {
    this.status = status;
    this.reason = reason;
    this.failure = failure;
    setHttpStatus((short) status);
    setHttpStatusMessage(phrase(status));
    byte[] body = (oneLine(reason) + "\n").getBytes(StandardCharsets.UTF_8);
    StringBuilder head =
        new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(phrase(status));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "text/plain; charset=utf-8");
    headers.put("Content-Length", Integer.toString(body.length));
    headers.put("Connection", "close");
    headers.put("Cache-Control", "no-store");
    headers.putAll(extra);
    headers.forEach((n, v) -> head.append("\r\n").append(n).append(": ").append(v));
    head.append("\r\n\r\n");
    byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
    this.bytes = new byte[h.length + body.length];
    System.arraycopy(h, 0, bytes, 0, h.length);
    System.arraycopy(body, 0, bytes, h.length, body.length);
    setContent(body);
  }

  /** The response for a gate rejection; the status comes from the failure table. */
  static HttpRefusal of(Failure failure, String safeMessage) {
    Map<String, String> extra = new LinkedHashMap<>();
    if (failure.isAuthenticationChallenge()) {
      extra.put("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    }
    return new HttpRefusal(failure.httpStatus(), safeMessage, failure, extra);
  }

  /** 429 for an address with too many failed handshakes, with {@code Retry-After}. */
  static HttpRefusal rateLimited(String safeMessage, long retryAfterSeconds) {
    return new HttpRefusal(
        Failure.RATE_LIMITED.httpStatus(),
        safeMessage,
        Failure.RATE_LIMITED,
        Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
  }

  /** A response that is not a token decision (404, 408, 426, 400 before the gate). */
  static HttpRefusal transport(int status, String reason, Failure failure) {
    Map<String, String> extra = new LinkedHashMap<>();
    if (status == 426) {
      extra.put("Sec-WebSocket-Version", "13");
      extra.put("Upgrade", "websocket");
    }
    return new HttpRefusal(status, reason, failure, extra);
  }

  int status() {
    return status;
  }

  String reason() {
    return reason;
  }

  /** The failure logged for this refusal; transport refusals use the closest one. */
  Failure failure() {
    return failure;
  }

  /** The full response: status line, headers, body. */
  byte[] bytes() {
    return bytes.clone();
  }

  private static String oneLine(String s) {
    String v = s.replaceAll("[\\r\\n\\t]", " ");
    return v.length() > 200 ? v.substring(0, 200) : v;
  }

  private static String phrase(int status) {
    switch (status) {
      case 404:
        return "Not Found";
      case 408:
        return "Request Timeout";
      case 426:
        return "Upgrade Required";
      default:
        for (Failure f : Failure.values()) {
          if (f.httpStatus() == status) {
            return f.httpReasonPhrase();
          }
        }
        return "Error";
    }
  }
}
