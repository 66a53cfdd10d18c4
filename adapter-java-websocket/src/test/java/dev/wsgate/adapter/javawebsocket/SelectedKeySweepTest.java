package dev.wsgate.adapter.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.adapter.javawebsocket.internal.upgrade.SweepingChannel;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.io.IOException;
import java.net.Socket;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.junit.jupiter.api.Test;

/**
 * Java-WebSocket leaves write-only-ready keys in the selector's selected-key set forever. The
 * adapter writes on the sending thread, so a connection's key is selected for writing only when the
 * selector must finish a write (a full send buffer, a close); the server's {@link SweepingChannel}
 * keeps the set bounded in that case too, however many connections are open.
 */
final class SelectedKeySweepTest {
  private static final int IDLE = 300;

  /** One subject holds every idle connection: no per-subject cap for this test. */
  private static EmbeddedServer start() {
    return EmbeddedServer.builder().limits(new ConnectionLimits(0, 0)).start();
  }

  private static int selectedAfterOpening(EmbeddedServer server) throws IOException {
    String token = FakeTokenVerifier.token("idle", Instant.now().plusSeconds(3600));
    byte[] upgrade =
        RawHttp.upgrade("/ws?token=" + token, "Origin: " + EmbeddedServer.ORIGIN)
            .getBytes(StandardCharsets.US_ASCII);
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < IDLE; i++) {
        Socket s = new Socket("127.0.0.1", server.port);
        s.setSoTimeout(15_000);
        sockets.add(s);
        s.getOutputStream().write(upgrade);
        assertThat(RawHttp.read(s.getInputStream()).status()).isEqualTo(101);
      }
      WebSocket any = server.server.getConnections().iterator().next();
      Set<SelectionKey> selected =
          ((WebSocketImpl) any).getSelectionKey().selector().selectedKeys();
      return selected.size();
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  @Test
  void manyIdleConnections_default_selectedKeySetStaysSmall() throws Exception {
    try (EmbeddedServer server = start()) {
      assertThat(selectedAfterOpening(server)).isLessThanOrEqualTo(SweepingChannel.SWEEP_ABOVE + 8);
    }
  }

  /**
   * Without the sweep, Java-WebSocket's own write path (a write demand, then the selector writes)
   * left every written key selected; writes made on the sending thread leave none.
   */
  @Test
  void manyIdleConnections_sweepOff_writesOnTheSendingThreadLeaveNoKeySelected() throws Exception {
    System.setProperty("wsgate.internal.no-selected-key-sweep", "true");
    EmbeddedServer server;
    try {
      server = start();
    } finally {
      System.clearProperty("wsgate.internal.no-selected-key-sweep");
    }
    try (server) {
      assertThat(selectedAfterOpening(server)).isLessThanOrEqualTo(8);
    }
  }
}
