package dev.wsgate.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A WebSocket opening handshake written by hand on a plain socket, so that adapter tests see the
 * exact status line, every header and whether the server closed the connection. Starts with a valid
 * version-13 upgrade without {@code Origin}; {@link #header} replaces a header, {@link #add} adds
 * another line of the same name.
 */
public final class RawHandshake {
  private final String method;
  private final String target;
  private final List<String[]> headers = new ArrayList<>();
  private int readTimeoutMillis = 10_000;

  private RawHandshake(String method, String target) {
    this.method = method;
    this.target = target;
    add("Upgrade", "websocket");
    add("Connection", "Upgrade");
    add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    add("Sec-WebSocket-Version", "13");
  }

  /** A {@code GET} upgrade of {@code target} (path and query). */
  public static RawHandshake to(String target) {
    return new RawHandshake("GET", target);
  }

  /** The same upgrade with another method. */
  public RawHandshake method(String m) {
    RawHandshake copy = new RawHandshake(m, target);
    copy.headers.clear();
    copy.headers.addAll(headers);
    copy.readTimeoutMillis = readTimeoutMillis;
    return copy;
  }

  /** Sets {@code name} to one line with {@code value}, replacing any line of that name. */
  public RawHandshake header(String name, String value) {
    without(name);
    return add(name, value);
  }

  /** Adds a line, keeping those of the same name. */
  public RawHandshake add(String name, String value) {
    headers.add(new String[] {name, value});
    return this;
  }

  /**
   * How long {@link #send} waits for the server to close the connection after a refusal before it
   * reports {@code closed=false}; 10 s by default.
   */
  public RawHandshake readTimeout(java.time.Duration timeout) {
    this.readTimeoutMillis = Math.toIntExact(timeout.toMillis());
    return this;
  }

  /** Removes every line of {@code name}. */
  public RawHandshake without(String name) {
    headers.removeIf(h -> h[0].equalsIgnoreCase(name));
    return this;
  }

  /**
   * Sends the request to {@code 127.0.0.1:port} and reads the answer: for a 101 the head only,
   * otherwise up to the server's close (at most the read timeout, a guard against a hung test).
   */
  public Answer send(int port) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(readTimeoutMillis);
      StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
      request.append("Host: 127.0.0.1:").append(port).append("\r\n");
      for (String[] h : headers) {
        request.append(h[0]).append(": ").append(h[1]).append("\r\n");
      }
      request.append("\r\n");
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return Answer.read(socket.getInputStream());
    }
  }

  /**
   * What came back.
   *
   * @param statusLine the status line without its line end
   * @param status the status code
   * @param headers the header lines by lower-case name, in order
   * @param body the body, UTF-8 (empty for a 101)
   * @param closed whether the server closed the connection after the answer
   * @param head the status line and header lines exactly as received, each ending in CRLF
   */
  public record Answer(
      String statusLine,
      int status,
      Map<String, List<String>> headers,
      String body,
      boolean closed,
      String head) {

    /** The values of {@code name} joined with {@code ", "}, or null when absent. */
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : String.join(", ", values);
    }

    static Answer read(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("connection closed before the end of the response head");
        }
        head.write(b);
        matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      String raw = head.toString(StandardCharsets.ISO_8859_1);
      raw = raw.substring(0, raw.length() - 2); // the empty line that ends the head
      String[] lines = raw.split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ", 3)[1]);
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers
              .computeIfAbsent(
                  lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                  k -> new ArrayList<>())
              .add(lines[i].substring(colon + 1).trim());
        }
      }
      if (status == 101) {
        return new Answer(lines[0], status, headers, "", false, raw);
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      try {
        in.transferTo(body); // returns only once the server closed the connection
      } catch (SocketTimeoutException e) {
        return new Answer(
            lines[0], status, headers, body.toString(StandardCharsets.UTF_8), false, raw);
      }
      return new Answer(
          lines[0], status, headers, body.toString(StandardCharsets.UTF_8), true, raw);
    }
  }
}
