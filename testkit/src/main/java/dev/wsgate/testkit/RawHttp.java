package dev.wsgate.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP written by hand on a plain socket, so that tests see the exact status line, every header
 * line as sent and whether the server closed the connection. Two ways to write a request:
 *
 * <ul>
 *   <li>a builder: {@link #to(String)} starts a valid version-13 {@code GET} upgrade without {@code
 *       Origin}; {@link #header} replaces a header, {@link #add} adds another line of the same
 *       name, {@link #without} removes one, {@link #method} changes the method; {@link #send} sends
 *       it to {@code 127.0.0.1:port} with a matching {@code Host};
 *   <li>the request text itself: {@link #upgrade(String, String...)} and {@link #exchange(int,
 *       byte[])} for bytes no builder would write (broken framing, oversized heads).
 * </ul>
 *
 * <p>Every answer is read the same way ({@link #read(InputStream)}): for a 101 the head only,
 * otherwise the head, the body ({@code Content-Length} bytes, or up to the server's close when
 * there is none) and then whether the server closes the connection.
 */
public final class RawHttp {
  private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
  private static final int EXCHANGE_TIMEOUT_MILLIS = 15_000;

  private final String method;
  private final String target;
  private final List<String[]> headers = new ArrayList<>();
  private int readTimeoutMillis = 10_000;

  private RawHttp(String method, String target) {
    this.method = method;
    this.target = target;
  }

  /**
   * What came back.
   *
   * @param status the status code
   * @param statusLine the status line without its line end
   * @param headers the header lines' values by lower-case name, in order
   * @param body the body, UTF-8 (empty for a 101)
   * @param closed whether the server closed the connection after the answer (false for a 101 and
   *     for {@link #exchangeKeepingOpen})
   * @param head the status line and header lines exactly as received, each ending in CRLF
   */
  public record Response(
      int status,
      String statusLine,
      Map<String, List<String>> headers,
      String body,
      boolean closed,
      String head) {

    /** The values of {@code name} joined with {@code ", "}, or null when absent. */
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : String.join(", ", values);
    }
  }

  /** A {@code GET} upgrade of {@code target} (path and query), version 13, without Origin. */
  public static RawHttp to(String target) {
    RawHttp r = new RawHttp("GET", target);
    r.add("Upgrade", "websocket");
    r.add("Connection", "Upgrade");
    r.add("Sec-WebSocket-Key", KEY);
    r.add("Sec-WebSocket-Version", "13");
    return r;
  }

  /** The same request with another method. */
  public RawHttp method(String m) {
    RawHttp copy = new RawHttp(m, target);
    copy.headers.addAll(headers);
    copy.readTimeoutMillis = readTimeoutMillis;
    return copy;
  }

  /** Sets {@code name} to one line with {@code value}, replacing any line of that name. */
  public RawHttp header(String name, String value) {
    without(name);
    return add(name, value);
  }

  /** Adds a line, keeping those of the same name. */
  public RawHttp add(String name, String value) {
    headers.add(new String[] {name, value});
    return this;
  }

  /** Removes every line of {@code name}. */
  public RawHttp without(String name) {
    headers.removeIf(h -> h[0].equalsIgnoreCase(name));
    return this;
  }

  /**
   * How long {@link #send} waits for the server to close the connection after a refusal before it
   * reports {@code closed=false}; 10 s by default.
   */
  public RawHttp readTimeout(Duration timeout) {
    this.readTimeoutMillis = Math.toIntExact(timeout.toMillis());
    return this;
  }

  /** Sends the request to {@code 127.0.0.1:port} and reads the answer. */
  public Response send(int port) throws IOException {
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
      return read(socket.getInputStream());
    }
  }

  /** The standard upgrade request for {@code target} with extra header lines, as text. */
  public static String upgrade(String target, String... headerLines) {
    StringBuilder b =
        new StringBuilder("GET ")
            .append(target)
            .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
            .append("Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n");
    for (String h : headerLines) {
      b.append(h).append("\r\n");
    }
    return b.append("\r\n").toString();
  }

  /** Sends {@code request} as UTF-8 to {@code 127.0.0.1:port} and reads the answer. */
  public static Response exchange(int port, String request) throws IOException {
    return exchange(port, request.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends {@code request} to {@code 127.0.0.1:port} and reads the answer. */
  public static Response exchange(int port, byte[] request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(EXCHANGE_TIMEOUT_MILLIS);
      OutputStream out = s.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (IOException e) {
        // the server may refuse and close before the whole request is written
      }
      return read(s.getInputStream());
    }
  }

  /**
   * Like {@link #exchange(int, String)} but does not wait to see whether the server closes the
   * connection ({@code closed} is false): for answers relayed by a proxy that keeps the client's
   * connection alive.
   */
  public static Response exchangeKeepingOpen(int port, String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(EXCHANGE_TIMEOUT_MILLIS);
      s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      return read(s.getInputStream(), false);
    }
  }

  /** Reads an answer from {@code in}, whose socket's read timeout bounds every wait. */
  public static Response read(InputStream in) throws IOException {
    return read(in, true);
  }

  private static Response read(InputStream in, boolean probeClose) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed before the response head ended: " + bytes);
      }
      bytes.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String head = bytes.toString(StandardCharsets.ISO_8859_1);
    head = head.substring(0, head.length() - 2); // the empty line that ends the head
    String[] lines = head.split("\r\n");
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
      return new Response(status, lines[0], headers, "", false, head);
    }
    List<String> length = headers.get("content-length");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    boolean closed;
    try {
      if (length == null && !probeClose) {
        closed = false; // a kept-open connection without a length: no body to wait for
      } else if (length == null) {
        in.transferTo(body); // returns only once the server closed the connection
        closed = true;
      } else {
        body.write(in.readNBytes(Integer.parseInt(length.get(0))));
        closed = probeClose && in.read() < 0;
      }
    } catch (SocketTimeoutException e) {
      closed = false;
    } catch (IOException e) {
      closed = true; // reset by the server after it closed: also closed
    }
    return new Response(
        status, lines[0], headers, body.toString(StandardCharsets.UTF_8), closed, head);
  }
}
