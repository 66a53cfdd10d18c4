package dev.wsgate.adapter.jetty;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.Refusal;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;

/** Writes the HTTP answer that replaces {@code 101 Switching Protocols}. */
final class Rejections {
  private Rejections() {}

  /**
   * Writes {@code rejected}'s {@link Refusal} as it stands: its status, its headers ({@code
   * Connection: close}, so the client cannot retry the upgrade on the same connection; the bearer
   * challenge on 401; {@code Retry-After} on 429) and its one-line plain-text body. Never an HTML
   * error page: the reason is the gate's safe message, which holds no token.
   */
  static void write(HttpServletResponse response, Decision.Rejected rejected) throws IOException {
    Refusal refusal = rejected.refusal();
    response.reset();
    response.setStatus(refusal.status());
    for (Refusal.Header h : refusal.headers()) {
      response.setHeader(h.name(), h.value());
    }
    byte[] body = refusal.body();
    try (OutputStream out = response.getOutputStream()) {
      out.write(body);
    }
  }
}
