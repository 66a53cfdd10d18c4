package dev.wsgate.adapter.jetty;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.HandshakeRequest;
import dev.wsgate.gate.Headers;
import dev.wsgate.gate.OpeningHandshake;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;

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
   * checks): {@link OpeningHandshake#problem}, as every adapter checks it. Checked before the gate
   * so that malformed handshakes cost no token verification.
   */
  static Decision.Rejected handshakeProblem(HttpServletRequest request) {
    return OpeningHandshake.problem(
            request.getMethod(),
            lines(request, "Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version"))
        .orElse(null);
  }

  /**
   * Whether the request asks for a WebSocket ({@link OpeningHandshake#isUpgradeAttempt}). Anything
   * Jetty could upgrade passes this test, so nothing reaches the endpoint without the gate.
   */
  static boolean isUpgradeAttempt(HttpServletRequest request) {
    return OpeningHandshake.isUpgradeAttempt(request.getMethod(), lines(request, "Upgrade"));
  }

  /** The lines of the named headers only. */
  private static Headers lines(HttpServletRequest request, String... names) {
    Headers.Builder headers = Headers.builder();
    for (String name : names) {
      Enumeration<String> values = request.getHeaders(name);
      while (values != null && values.hasMoreElements()) {
        headers.add(name, values.nextElement());
      }
    }
    return headers.build();
  }
}
