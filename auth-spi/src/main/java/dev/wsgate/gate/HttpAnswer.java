package dev.wsgate.gate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A complete HTTP answer that is not a refused upgrade: what an adapter writes for a ticket request
 * ({@link TicketEndpoint}), as it stands. Immutable.
 *
 * @param status the status code
 * @param reasonPhrase its standard reason phrase
 * @param headers the headers, in order, {@code Content-Length} included when there is a body
 * @param body the body
 */
public record HttpAnswer(
    int status, String reasonPhrase, List<Refusal.Header> headers, byte[] body) {
  /** Validates and copies the components. */
  public HttpAnswer {
    Objects.requireNonNull(reasonPhrase, "reasonPhrase");
    headers = List.copyOf(headers);
    body = body.clone();
  }

  /** A copy of the body. */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The first value of header {@code name} (case-insensitive), or null. */
  public @Nullable String header(String name) {
    for (Refusal.Header h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        return h.value();
      }
    }
    return null;
  }

  /** The whole HTTP/1.1 response: status line, headers, blank line, body. */
  public byte[] httpResponse() {
    StringBuilder head = new StringBuilder(256);
    head.append("HTTP/1.1 ").append(status).append(' ').append(reasonPhrase).append("\r\n");
    for (Refusal.Header h : headers) {
      head.append(h.name()).append(": ").append(h.value()).append("\r\n");
    }
    byte[] h = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[h.length + body.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HttpAnswer a
        && status == a.status
        && reasonPhrase.equals(a.reasonPhrase)
        && headers.equals(a.headers)
        && java.util.Arrays.equals(body, a.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, reasonPhrase, headers, java.util.Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return "HttpAnswer[" + status + " " + reasonPhrase + ", headers=" + headers + "]";
  }
}
