package dev.wsgate.internal.servlet;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.HandshakeRequest;
import dev.wsgate.gate.Headers;
import dev.wsgate.gate.OpeningHandshake;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;

/** Builds the gate's view of a servlet request. Stateless. */
public final class ServletHandshakeRequests {
  private ServletHandshakeRequests() {}

  /**
   * The request's raw path (with the context path, still percent-encoded), raw query, every header
   * field line as received, and the remote address as the container reports it (after the
   * container's forwarded-header handling, when one is configured).
   */
  public static HandshakeRequest from(HttpServletRequest request) {
    String path = request.getRequestURI();
    String query = request.getQueryString();
    String remote = request.getRemoteAddr();
    return new HandshakeRequest(
        path == null || path.isEmpty() ? "/" : path,
        query == null ? "" : query,
        lines(request, request.getHeaderNames()),
        remote == null ? "" : remote);
  }

  /**
   * The transport's refusal of an HTTP/1.1 upgrade request that is not a valid RFC 6455 opening
   * handshake, or empty when it is (or when it is an HTTP/2 extended CONNECT, which the container
   * checks): {@link OpeningHandshake#problem}, as every adapter checks it, so that malformed
   * handshakes cost no token verification.
   */
  public static Optional<Decision.Rejected> handshakeProblem(HttpServletRequest request) {
    return OpeningHandshake.problem(
        request.getMethod(),
        lines(
            request, named("Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version")));
  }

  /**
   * Whether the request asks for a WebSocket ({@link OpeningHandshake#isUpgradeAttempt}): anything
   * a container could upgrade passes this test.
   */
  public static boolean isUpgradeAttempt(HttpServletRequest request) {
    return OpeningHandshake.isUpgradeAttempt(request.getMethod(), lines(request, named("Upgrade")));
  }

  private static Enumeration<String> named(String... names) {
    return Collections.enumeration(List.of(names));
  }

  /** Every line of the named header fields, in the container's order. */
  private static Headers lines(HttpServletRequest request, Enumeration<String> names) {
    Headers.Builder headers = Headers.builder();
    while (names != null && names.hasMoreElements()) {
      String name = names.nextElement();
      Enumeration<String> values = request.getHeaders(name);
      while (values != null && values.hasMoreElements()) {
        headers.add(name, values.nextElement());
      }
    }
    return headers.build();
  }
}
