package dev.wsgate.adapter.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Clients that drop the socket as soon as they read the 101: Java-WebSocket can see such a close
 * before it opens the connection, and then never reports it. Every permit must still come back at
 * once (not when the connection-lost timer finds the dead socket), and the application must see an
 * open only together with its close.
 */
final class DroppedAfterUpgradeTest {
  private static final int CLIENTS = 200;

  @Test
  void clientsDroppingRightAfterThe101_releaseEveryPermit_andOpensMatchCloses() throws Exception {
    AtomicInteger opens = new AtomicInteger();
    AtomicInteger closes = new AtomicInteger();
    ConnectionHandler counting =
        new ConnectionHandler() {
          @Override
          public void onOpen(Session session) {
            opens.incrementAndGet();
          }

          @Override
          public void onClose(Session session, int code, String reason, boolean remote) {
            closes.incrementAndGet();
          }
        };
    try (EmbeddedServer server =
        EmbeddedServer.builder().limits(new ConnectionLimits(0, 1)).handler(counting).start()) {
      String token = FakeTokenVerifier.token("alice", Instant.now().plusSeconds(600));
      byte[] upgrade =
          RawHttp.upgrade("/ws?token=" + token, "Origin: " + EmbeddedServer.ORIGIN)
              .getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < CLIENTS; i++) {
        // alice may hold one connection: each upgrade gets 101 only if the last one's permit
        // came back, so wait for it (the server reads each close asynchronously)
        await("alice's permit back before client " + i)
            .atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(2))
            .until(() -> server.server.openConnections() == 0);
        try (Socket s = new Socket("127.0.0.1", server.port)) {
          s.getOutputStream().write(upgrade);
          assertThat(statusLine(s.getInputStream())).isEqualTo("HTTP/1.1 101 Switching Protocols");
        }
      }
      await("every permit back")
          .atMost(Duration.ofSeconds(5))
          .until(() -> server.server.openConnections() == 0);
      await("every open closed")
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(closes.get()).isEqualTo(opens.get()));
    }
  }

  private static String statusLine(InputStream in) throws Exception {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b >= 0 && b != '\r'; b = in.read()) {
      line.append((char) b);
    }
    return line.toString();
  }
}
