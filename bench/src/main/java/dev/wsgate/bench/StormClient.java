package dev.wsgate.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Many WebSocket upgrades at once from one thread (non-blocking sockets on one selector): each
 * target gets its own connection, which stays open once it has its 101.
 */
final class StormClient {
  private StormClient() {}

  /** What a storm achieved; {@link #closeAll()} releases its connections. */
  record Result(
      int opened, int refused, int retried, long lastOpenNanos, List<SocketChannel> channels) {
    void closeAll() {
      for (SocketChannel ch : channels) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // closing a connection the server already closed
        }
      }
    }
  }

  private static final class Conn {
    final int index;
    final ByteBuffer request;
    final ByteBuffer response = ByteBuffer.allocate(1024);

    Conn(int index, ByteBuffer request) {
      this.index = index;
      this.request = request;
    }
  }

  /**
   * Connects one client per target to 127.0.0.1:{@code port}, at most {@code window} upgrades
   * unanswered at a time, until every one is open or refused (60 s at most); a 503 (the server
   * shedding load) is tried again.
   */
  static Result run(int port, List<String> targets, int window) throws IOException {
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
    List<SocketChannel> channels = new ArrayList<>(targets.size());
    int launched = 0;
    int inFlight = 0;
    int opened = 0;
    int refused = 0;
    int retried = 0;
    java.util.ArrayDeque<Integer> again = new java.util.ArrayDeque<>();
    long lastOpen = 0;
    long deadline = System.nanoTime() + 60_000_000_000L;
    try (Selector selector = Selector.open()) {
      while (opened + refused < targets.size() && System.nanoTime() < deadline) {
        while ((launched < targets.size() || !again.isEmpty()) && inFlight < window) {
          int index = again.isEmpty() ? launched++ : again.poll();
          SocketChannel ch = SocketChannel.open();
          ch.configureBlocking(false);
          ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
          channels.add(ch);
          Conn conn = new Conn(index, request(port, targets.get(index)));
          ch.register(
              selector,
              ch.connect(address) ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT,
              conn);
          inFlight++;
        }
        selector.select(100);
        for (SelectionKey key : selector.selectedKeys()) {
          SocketChannel ch = (SocketChannel) key.channel();
          Conn conn = (Conn) key.attachment();
          int status = 0;
          try {
            if (key.isConnectable() && ch.finishConnect()) {
              key.interestOps(SelectionKey.OP_WRITE);
            } else if (key.isWritable()) {
              ch.write(conn.request);
              if (!conn.request.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ);
              }
            } else if (key.isReadable()) {
              status = ch.read(conn.response) < 0 ? -1 : status(conn.response);
            }
          } catch (IOException e) {
            status = -1;
          }
          if (status != 0) {
            key.cancel();
            inFlight--;
            if (status == 101) {
              opened++;
              lastOpen = System.nanoTime();
            } else if (status == 503) {
              // overloaded: the client comes back, as a reconnecting client does
              retried++;
              again.add(conn.index);
              ch.close();
            } else {
              refused++;
            }
          }
        }
        selector.selectedKeys().clear();
      }
    }
    return new Result(opened, refused, retried, lastOpen, channels);
  }

  /** The status once the response head is complete; 0 while it is not. */
  private static int status(ByteBuffer response) {
    byte[] a = response.array();
    int n = response.position();
    for (int i = 3; i < n; i++) {
      if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
        String head = new String(a, 0, Math.min(n, 12), StandardCharsets.ISO_8859_1);
        return Integer.parseInt(head.substring(9, 12));
      }
    }
    return n == a.length ? -1 : 0;
  }

  private static ByteBuffer request(int port, String target) {
    return ByteBuffer.wrap(WsProbe.request("127.0.0.1", port, target, FreshServer.ORIGIN));
  }
}
