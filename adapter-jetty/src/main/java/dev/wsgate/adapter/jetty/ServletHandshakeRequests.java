package dev.wsgate.adapter.jetty;

import dev.wsgate.gate.HandshakeRequest;
import dev.wsgate.gate.Headers;
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
   * Whether the request asks for a WebSocket: {@code Upgrade: websocket} on HTTP/1.1, or an
   * extended {@code CONNECT} (RFC 8441) on HTTP/2 and HTTP/3. Anything Jetty could upgrade passes
   * this test, so nothing reaches the endpoint without the gate.
   */
  static boolean isUpgradeAttempt(HttpServletRequest request) {
    if ("CONNECT".equalsIgnoreCase(request.getMethod())) {
      return true;
    }
    Enumeration<String> upgrades = request.getHeaders("Upgrade");
    while (upgrades != null && upgrades.hasMoreElements()) {
      for (String protocol : upgrades.nextElement().split(",", -1)) {
        if (protocol.trim().toLowerCase(Locale.ROOT).startsWith("websocket")) {
          return true;
        }
      }
    }
    return false;
  }
}
