package dev.wsgate.adapter.spring;

import dev.wsgate.gate.HandshakeRequest;
import dev.wsgate.gate.Headers;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;

/** The gate's view of a servlet request. */
final class ServletRequests {
  private ServletRequests() {}

  /**
   * The raw path (with the context path, still percent-encoded), raw query, every header field line
   * as received, and the remote address as the container reports it (after Spring Boot's forwarded
   * header handling, when {@code server.forward-headers-strategy} is set).
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
}
