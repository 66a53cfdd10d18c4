package dev.wsgate.internal.servlet;

import dev.wsgate.gate.Refusal;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the answer that replaces {@code 101 Switching Protocols} for the adapters on the Servlet
 * API. Not API.
 */
public final class ServletRefusals {
  private ServletRefusals() {}

  /**
   * Writes {@code refusal} as it stands: its status, its headers in order ({@code Connection:
   * close}, on which the container closes the connection; the bearer challenge on 401; {@code
   * Retry-After} on 429) and its one-line plain-text body; never an HTML error page (the body is
   * the gate's safe message, which holds no token). The response is flushed; the caller ends it.
   */
  public static void write(HttpServletResponse response, Refusal refusal) throws IOException {
    response.reset();
    response.setStatus(refusal.status());
    for (Refusal.Header h : refusal.headers()) {
      response.setHeader(h.name(), h.value());
    }
    OutputStream out = response.getOutputStream();
    out.write(refusal.body());
    out.flush();
  }
}
