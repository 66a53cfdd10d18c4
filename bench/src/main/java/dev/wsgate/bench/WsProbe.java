package dev.wsgate.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One WebSocket client connection over a raw socket: upgrade, optional echo, close handshake. Raw
 * so that the driver reads the real status of a refused upgrade and costs little per connection.
 */
final class WsProbe implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  int status;

  WsProbe(String host, int port, int timeoutMillis) throws IOException {
    this(host, port, timeoutMillis, null);
  }

  /**
   * A connection from {@code source} (a loopback address such as 127.0.0.2, or null for any): one
   * source address has at most ~28k ephemeral ports towards one server port.
   */
  WsProbe(String host, int port, int timeoutMillis, String source) throws IOException {
    socket = new Socket();
    if (source != null) {
      socket.bind(new InetSocketAddress(source, 0));
    }
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(timeoutMillis);
    socket.connect(new InetSocketAddress(host, port), timeoutMillis);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** Sends the upgrade and reads the response head; returns the status code. */
  int upgrade(String host, int port, String target, String origin) throws IOException {
    byte[] request = request(host, port, target, origin);
    out.write(request);
    out.flush();
    String head = readHead();
    int sp = head.indexOf(' ');
    status = sp < 0 ? -1 : Integer.parseInt(head.substring(sp + 1, sp + 4));
    return status;
  }

  /** An upgrade request with a fresh key; no {@code Origin} header when {@code origin} is null. */
  static byte[] request(String host, int port, String target, String origin) {
    byte[] key = new byte[16];
    ThreadLocalRandom.current().nextBytes(key);
    String request =
        "GET "
            + target
            + " HTTP/1.1\r\nHost: "
            + host
            + ":"
            + port
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: "
            + java.util.Base64.getEncoder().encodeToString(key)
            + "\r\n"
            + (origin == null ? "" : "Origin: " + origin + "\r\n")
            + "\r\n";
    return request.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Sends one masked text frame and reads the echoed frame; true when the payload came back. */
  boolean echo(byte[] payload) throws IOException {
    writeFrame(0x1, payload);
    int b0 = in.read();
    int len = in.read() & 0x7f;
    if (len == 126) {
      len = (in.read() << 8) | in.read();
    }
    byte[] got = in.readNBytes(len);
    return b0 == 0x81 && java.util.Arrays.equals(got, payload);
  }

  /** Sends a close frame and waits for the server's close and FIN. */
  void closeHandshake() throws IOException {
    writeFrame(0x8, new byte[] {0x03, (byte) 0xe8});
    while (in.read() >= 0) {
      // drain the server's close frame until it closes the TCP connection
    }
  }

  /** Whether the server closes the socket after a refusal (reads to EOF). */
  boolean serverClosed() {
    try {
      while (in.read() >= 0) {
        // drain the refusal body
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void writeFrame(int opcode, byte[] payload) throws IOException {
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 8);
    frame.write(0x80 | opcode);
    frame.write(0x80 | payload.length);
    frame.write(mask, 0, 4);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i & 3]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  private String readHead() throws IOException {
    StringBuilder head = new StringBuilder(256);
    int matched = 0;
    while (matched < 4) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed before the response head ended");
      }
      head.append((char) c);
      matched = (c == '\r' || c == '\n') && "\r\n\r\n".charAt(matched) == c ? matched + 1 : 0;
    }
    return head.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
