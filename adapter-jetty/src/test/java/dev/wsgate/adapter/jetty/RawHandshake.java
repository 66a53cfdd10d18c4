package dev.wsgate.adapter.jetty;

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
 * A WebSocket opening handshake written by hand on a plain socket, so that tests see the status
 * line, every header and whether the server closed the connection.
 */
final class RawHandshake {
  private final String target;
  private final Map<String, String> headers = new LinkedHashMap<>();

  private RawHandshake(String target) {
    this.target = target;
    headers.put("Upgrade", "websocket");
    headers.put("Connection", "Upgrade");
    headers.put("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    headers.put("Sec-WebSocket-Version", "13");
    headers.put("Origin", GatedJetty.ORIGIN);
  }

  static RawHandshake to(String target) {
    return new RawHandshake(target);
  }

  RawHandshake header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  RawHandshake without(String name) {
    headers.remove(name);
    return this;
  }

  /** The server's answer; for a 101 the head only, otherwise read up to the server's close. */
  Answer send(int port) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      // A guard against a hung test, not a timing assertion: a server that keeps the socket open
      // after a rejection fails the read below.
      socket.setSoTimeout(10_000);
      StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\n");
      request.append("Host: 127.0.0.1:").append(port).append("\r\n");
      headers.forEach((n, v) -> request.append(n).append(": ").append(v).append("\r\n"));
      request.append("\r\n");
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return Answer.read(socket.getInputStream());
    }
  }

  /** What came back. */
  record Answer(int status, Map<String, List<String>> headers, String body, boolean closed) {
    String header(String name) {
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
      String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
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
        return new Answer(status, headers, "", false);
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      try {
        in.transferTo(body); // returns only once the server closed the connection
      } catch (SocketTimeoutException e) {
        return new Answer(status, headers, body.toString(StandardCharsets.UTF_8), false);
      }
      return new Answer(status, headers, body.toString(StandardCharsets.UTF_8), true);
    }
  }
}
