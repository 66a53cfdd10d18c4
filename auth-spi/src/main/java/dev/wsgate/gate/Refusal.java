package dev.wsgate.gate;

import dev.wsgate.spi.Failure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The complete HTTP answer that replaces {@code 101 Switching Protocols}: everything an adapter
 * writes, so that every adapter answers the same request with the same status line, headers and
 * body. The status and reason phrase come from the {@link Failure} table; the headers are fixed by
 * the failure: {@code Content-Type}, {@code Content-Length}, {@code Connection: close} (the client
 * must not retry the upgrade on this connection) and {@code Cache-Control: no-store} always, {@code
 * WWW-Authenticate} on 401, {@code Retry-After} on 429, {@code Sec-WebSocket-Version} and {@code
 * Upgrade} on 426. The body is the reason on one line.
 *
 * @param failure why; gives the status
 * @param reason a short reason safe to show the client (never a token): one line of at most 200
 *     characters, control characters replaced by spaces
 * @param retryAfterSeconds the {@code Retry-After} of a {@link Failure#RATE_LIMITED} refusal (at
 *     least 1); 0 for every other failure
 */
public record Refusal(Failure failure, String reason, long retryAfterSeconds) {
  private static final int MAX_REASON_CHARS = 200;

  /**
   * How many reasons per failure keep their response bytes: enough for every fixed text of the
   * providers, and a bound when a reason carries something that varies.
   */
  private static final int RESPONSES_PER_FAILURE = 64;

  private static final Map<Failure, Map<String, byte[]>> RESPONSES = responseMaps();

  /** One response header. */
  public record Header(String name, String value) {
    /** Validates the components. */
    public Header {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  /** Validates and normalizes the components. */
  public Refusal {
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(reason, "reason");
    reason = oneLine(reason.isBlank() ? failure.logReason() : reason);
    retryAfterSeconds = failure == Failure.RATE_LIMITED ? Math.max(1, retryAfterSeconds) : 0;
  }

  /** The refusal for {@code failure} with {@code reason}. */
  public static Refusal of(Failure failure, String reason) {
    return new Refusal(failure, reason, 0);
  }

  /** The HTTP status. */
  public int status() {
    return failure.httpStatus();
  }

  /** The status line without its line end, such as {@code HTTP/1.1 401 Unauthorized}. */
  public String statusLine() {
    return "HTTP/1.1 " + failure.httpStatus() + " " + failure.httpReasonPhrase();
  }

  /** The body: the reason and a line feed, UTF-8. */
  public byte[] body() {
    return (reason + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The response headers, in the order they are written: {@code Content-Length} and {@code
   * Connection} last, where a servlet container's HTTP/1.1 generator (Jetty's) puts them whatever
   * the order they were set in, so that every adapter writes the same bytes.
   */
  public List<Header> headers() {
    List<Header> headers = new ArrayList<>(7);
    headers.add(new Header("Content-Type", "text/plain;charset=utf-8"));
    headers.add(new Header("Cache-Control", "no-store"));
    if (failure.isAuthenticationChallenge()) {
      headers.add(new Header("WWW-Authenticate", "Bearer error=\"invalid_token\""));
    }
    if (failure == Failure.RATE_LIMITED) {
      headers.add(new Header("Retry-After", Long.toString(retryAfterSeconds)));
    }
    if (failure == Failure.UNSUPPORTED_VERSION) {
      headers.add(new Header("Sec-WebSocket-Version", "13"));
      headers.add(new Header("Upgrade", "websocket"));
    }
    headers.add(new Header("Content-Length", Integer.toString(body().length)));
    headers.add(new Header("Connection", "close"));
    return headers;
  }

  /**
   * The whole HTTP/1.1 response: status line, headers, blank line, body; a fresh array on every
   * call. Made once per failure and reason (a provider's reasons are a handful of fixed texts) and
   * copied afterwards: refusals come in floods, and each would otherwise format the same bytes.
   */
  public byte[] httpResponse() {
    if (retryAfterSeconds != 0) {
      return formatted();
    }
    Map<String, byte[]> made = RESPONSES.get(failure);
    byte[] bytes = made.get(reason);
    if (bytes == null) {
      bytes = formatted();
      if (made.size() < RESPONSES_PER_FAILURE) {
        made.putIfAbsent(reason, bytes);
      }
    }
    return bytes.clone();
  }

  private byte[] formatted() {
    StringBuilder head = new StringBuilder(160).append(statusLine()).append("\r\n");
    for (Header h : headers()) {
      head.append(h.name()).append(": ").append(h.value()).append("\r\n");
    }
    byte[] h = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    byte[] body = body();
    byte[] all = new byte[h.length + body.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }

  private static Map<Failure, Map<String, byte[]>> responseMaps() {
    Map<Failure, Map<String, byte[]>> maps = new EnumMap<>(Failure.class);
    for (Failure f : Failure.values()) {
      maps.put(f, new ConcurrentHashMap<>());
    }
    return maps;
  }

  private static String oneLine(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_REASON_CHARS));
    for (int i = 0; i < s.length() && b.length() < MAX_REASON_CHARS; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? ' ' : c);
    }
    return b.toString();
  }
}
