package dev.wsgate.adapter.jetty;

import dev.wsgate.gate.Decision;
import dev.wsgate.spi.Failure;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes the HTTP answer that replaces {@code 101 Switching Protocols}. */
final class Rejections {
  private static final int MAX_REASON_CHARS = 200;

  private Rejections() {}

  /**
   * Answers {@code failure}'s status with a short plain-text reason and {@code Connection: close},
   * so the client cannot retry the upgrade on the same connection; a 401 carries the bearer
   * challenge. Never an HTML error page: the reason is the gate's safe message, which holds no
   * token.
   */
  static void write(HttpServletResponse response, Decision.Rejected rejected, long retryAfter)
      throws IOException {
    write(response, rejected.failure(), rejected.safeMessage(), retryAfter);
  }

  static void write(HttpServletResponse response, Failure failure, String reason)
      throws IOException {
    write(response, failure, reason, 0);
  }

  /**
   * @param retryAfter whole seconds for {@code Retry-After} on a {@code 429}; 0 for none
   */
  private static void write(
      HttpServletResponse response, Failure failure, String reason, long retryAfter)
      throws IOException {
    response.reset();
    response.setStatus(failure.httpStatus());
    response.setHeader("Connection", "close");
    response.setHeader("Cache-Control", "no-store");
    if (failure == Failure.BAD_REQUEST) {
      response.setHeader("Sec-WebSocket-Version", "13");
    }
    if (failure.isAuthenticationChallenge()) {
      response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    }
    if (failure == Failure.RATE_LIMITED && retryAfter > 0) {
      response.setHeader("Retry-After", Long.toString(retryAfter));
    }
    byte[] body = (shorten(reason) + "\n").getBytes(StandardCharsets.UTF_8);
    response.setContentType("text/plain;charset=utf-8");
    response.setContentLength(body.length);
    try (OutputStream out = response.getOutputStream()) {
      out.write(body);
    }
  }

  private static String shorten(String reason) {
    String r = reason.isBlank() ? "rejected" : reason.replaceAll("[\\r\\n]+", " ");
    return r.length() <= MAX_REASON_CHARS ? r : r.substring(0, MAX_REASON_CHARS);
  }
}
