package dev.wsgate.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Sends a hand-written upgrade request over a plain socket and reads the raw HTTP answer. */
public final class RawHttp {
  private RawHttp() {}

  public record Response(
      int status, String statusLine, Map<String, String> headers, String body, boolean closed) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** The standard upgrade request for {@code target} with extra header lines. */
  public static String upgrade(String target, String... headerLines) {
    StringBuilder b =
        new StringBuilder("GET ")
            .append(target)
            .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
            .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
    for (String h : headerLines) {
      b.append(h).append("\r\n");
    }
    return b.append("\r\n").toString();
  }

  public static Response exchange(int port, String request) throws IOException {
    return exchange(port, request.getBytes(StandardCharsets.UTF_8));
  }

  public static Response exchange(int port, byte[] request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(15_000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (IOException e) {
        // the server may refuse and close before the whole request was written
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
      s.setSoTimeout(15_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      return read(s.getInputStream(), false);
    }
  }

  public static Response read(InputStream in) throws IOException {
    return read(in, true);
  }

  private static Response read(InputStream in, boolean probeClose) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed before the response head ended: " + head);
      }
      head.write(c);
      state =
          (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
              ? state + 1
              : 0;
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.merge(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim(),
            (a, b) -> a + "\n" + b);
      }
    }
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    if (status == 101) {
      return new Response(status, lines[0], headers, "", false);
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    if (!probeClose) {
      return new Response(
          status, lines[0], headers, new String(body, StandardCharsets.UTF_8), false);
    }
    boolean closed;
    try {
      closed = in.read() < 0;
    } catch (SocketTimeoutException e) {
      closed = false;
    } catch (IOException e) {
      closed = true; // reset by the server after it closed: also closed
    }
    return new Response(
        status, lines[0], headers, new String(body, StandardCharsets.UTF_8), closed);
  }
}
