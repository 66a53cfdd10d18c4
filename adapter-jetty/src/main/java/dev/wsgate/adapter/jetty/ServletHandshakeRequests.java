package dev.wsgate.adapter.jetty;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.HandshakeRequest;
import dev.wsgate.gate.Headers;
import dev.wsgate.spi.Failure;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.Locale;

/** Builds the gate's view of a servlet request. */
final class ServletHandshakeRequests {
  private ServletHandshakeRequests() {}

  /**
   * The request's raw path (with the context path, still percent-encoded), raw query, every header
   * field line as received, and the remote address as the container reports it (Jetty applies its
   * {@code ForwardedRequestCustomizer} there when one is configured).
   */
  static HandshakeRequest from(HttpServletRequest request) {
    Headers.Builder headers = Headers.builder();
    Enumeration<String> names = request.getHeaderNames();
    while (names != null && names.hasMoreElements()) {
      String name = names.nextElement();
      Enumeration<String> values = request.getHeaders(name);
      while (values != null && values.hasMoreElements()) {
        headers.add(name, values.nextElement());
      }
    }
    String path = request.getRequestURI();
    String query = request.getQueryString();
    String remote = request.getRemoteAddr();
    return new HandshakeRequest(
        path == null || path.isEmpty() ? "/" : path,
        query == null ? "" : query,
        headers.build(),
        remote == null ? "" : remote);
  }

  /**
   * The transport's refusal of an HTTP/1.1 upgrade request that is not a valid RFC 6455 opening
   * handshake, or null when it is (or when it is an HTTP/2 extended CONNECT, which the container
   * checks). Checked before the gate so that malformed handshakes cost no token verification; the
   * same failures as the Java-WebSocket adapter's for the same request.
   */
  static Decision.Rejected handshakeProblem(HttpServletRequest request) {
    if ("CONNECT".equalsIgnoreCase(request.getMethod())) {
      return null;
    }
    String key = request.getHeader("Sec-WebSocket-Key");
    if (!"GET".equalsIgnoreCase(request.getMethod())
        || key == null
        || key.isBlank()
        || !hasToken(request.getHeaders("Connection"), "upgrade")) {
      return Decision.Rejected.transport(Failure.NOT_AN_UPGRADE, "not a WebSocket upgrade request");
    }
    String version = request.getHeader("Sec-WebSocket-Version");
    if (version == null || !"13".equals(version.trim())) {
      return Decision.Rejected.transport(
          Failure.UNSUPPORTED_VERSION, "unsupported Sec-WebSocket-Version; use 13");
    }
    return null;
  }

  /**
   * Whether the request asks for a WebSocket: {@code Upgrade: websocket} on HTTP/1.1, or an
   * extended {@code CONNECT} (RFC 8441) on HTTP/2 and HTTP/3. Anything Jetty could upgrade passes
   * this test, so nothing reaches the endpoint without the gate.
   */
  static boolean isUpgradeAttempt(HttpServletRequest request) {
    if ("CONNECT".equalsIgnoreCase(request.getMethod())) {
      return true;
    }
    return hasToken(request.getHeaders("Upgrade"), "websocket");
  }

  private static boolean hasToken(Enumeration<String> values, String token) {
    while (values != null && values.hasMoreElements()) {
      for (String entry : values.nextElement().split(",", -1)) {
        String e = entry.trim().toLowerCase(Locale.ROOT);
        if (e.equals(token) || e.startsWith(token + "/")) {
          return true;
        }
      }
    }
    return false;
  }
}
