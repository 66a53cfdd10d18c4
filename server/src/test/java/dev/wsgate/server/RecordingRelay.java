package dev.wsgate.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay in front of the server that records each upgrade request head as it arrived and the
 * status line the server answered, then passes bytes both ways untouched. It shows the server's
 * side of what a browser did: which {@code Cookie} and {@code Origin} it really sent, and the
 * status behind a browser's opaque 1006.
 */
final class RecordingRelay implements AutoCloseable {
  record Exchange(String requestHead, String statusLine) {
    int status() {
      return Integer.parseInt(statusLine.split(" ")[1]);
    }
  }

  private final ServerSocket listener;
  private final int targetPort;
  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  RecordingRelay(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon("relay-accept", this::acceptLoop);
  }

  int port() {
    return listener.getLocalPort();
  }

  /** The exchange whose request line contains {@code marker}. */
  Optional<Exchange> find(String marker) {
    return exchanges.stream()
        .filter(e -> e.requestHead().lines().findFirst().orElse("").contains(marker))
        .findFirst();
  }

  List<Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        sockets.add(client);
        daemon("relay-connection", () -> relay(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void relay(Socket client) {
    try (Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
      sockets.add(server);
      String head = readUntil(client.getInputStream(), "\r\n\r\n");
      server.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
      String status = readUntil(server.getInputStream(), "\r\n");
      client.getOutputStream().write(status.getBytes(StandardCharsets.ISO_8859_1));
      exchanges.add(new Exchange(head, status.trim()));
      Thread up = daemon("relay-up", () -> pipe(client, server));
      pipe(server, client);
      up.join(10_000);
    } catch (IOException e) {
      // one side went away; the other is closed below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(client);
    }
  }

  private static void pipe(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException e) {
      closeQuietly(to);
    }
  }

  private static String readUntil(InputStream in, String end) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (!b.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
      int c = in.read();
      if (c < 0 || b.size() > 65_536) {
        throw new IOException("stream ended before " + end.length() + " terminator bytes");
      }
      b.write(c);
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  private static Thread daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }
}
