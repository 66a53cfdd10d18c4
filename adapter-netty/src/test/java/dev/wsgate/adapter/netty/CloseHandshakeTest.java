package dev.wsgate.adapter.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsgate.gate.DenyList;
import dev.wsgate.session.SessionPolicy;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * The closing handshake seen byte by byte from a raw socket. A close the server starts (expiry
 * 4002): the close frame arrives, the connection stays open for the client's answer, and the answer
 * ends it with no second close frame. A close the client starts: its frame comes back, then the
 * connection ends. A server that closed at once had the client's answer met by a reset, and
 * Chromium then reported 1006 instead of 4002.
 */
final class CloseHandshakeTest {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void expiryClose_connectionWaitsForTheClientsAnswer_thenEndsWithoutASecondFrame()
      throws Exception {
    try (NettyServer server = server();
        Socket s = new Socket("127.0.0.1", server.port)) {
      DataInputStream in = upgraded(s, "alice", NOW.plusSeconds(1));
      s.setSoTimeout(20_000);

      assertThat(in.readUnsignedByte()).isEqualTo(0x88); // FIN + close
      byte[] payload = new byte[in.readUnsignedByte()];
      in.readFully(payload);
      assertThat(((payload[0] & 0xff) << 8) | (payload[1] & 0xff)).isEqualTo(4002);

      s.setSoTimeout(300);
      assertThatThrownBy(in::read)
          .as("the connection stays open for the client's close frame")
          .isInstanceOf(SocketTimeoutException.class);

      s.getOutputStream()
          .write(new byte[] {(byte) 0x88, (byte) 0x82, 1, 2, 3, 4, 0x0f ^ 1, (byte) (0xa2 ^ 2)});
      s.setSoTimeout(10_000);
      assertThat(in.read())
          .as("the server ends the connection, no frame after its close")
          .isEqualTo(-1);
    }
  }

  @Test
  void clientClose_echoedWithItsCodeAndReason_thenTheConnectionEnds() throws Exception {
    try (NettyServer server = server();
        Socket s = new Socket("127.0.0.1", server.port)) {
      DataInputStream in = upgraded(s, "bob", NOW.plusSeconds(600));
      s.setSoTimeout(10_000);

      byte[] payload = {0x10, 0x04, 'b', 'y', 'e'}; // 4100 "bye"
      byte[] mask = {9, 8, 7, 6};
      byte[] frame = new byte[2 + 4 + payload.length];
      frame[0] = (byte) 0x88;
      frame[1] = (byte) (0x80 | payload.length);
      System.arraycopy(mask, 0, frame, 2, 4);
      for (int i = 0; i < payload.length; i++) {
        frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
      }
      s.getOutputStream().write(frame);

      assertThat(in.readUnsignedByte()).isEqualTo(0x88);
      byte[] echoed = new byte[in.readUnsignedByte()];
      in.readFully(echoed);
      assertThat(echoed).as("the client's code and reason, unmasked").isEqualTo(payload);
      assertThat(in.read()).as("then the server ends the connection").isEqualTo(-1);
    }
  }

  private static NettyServer server() {
    return NettyServer.start(
        NettyServer.gate(new FakeTokenVerifier(), 512, CLOCK, new DenyList()),
        NettyGateConfig.defaults("/ws").withSessions(SessionPolicy.defaults()),
        CLOCK);
  }

  /** Upgrades on {@code s} with a token of {@code subject}; the stream after the 101's head. */
  private static DataInputStream upgraded(Socket s, String subject, Instant exp)
      throws IOException {
    String token = FakeTokenVerifier.token(subject, exp);
    s.getOutputStream()
        .write(
            RawHttp.upgrade("/ws?token=" + token, "Origin: " + NettyServer.ORIGIN)
                .getBytes(StandardCharsets.ISO_8859_1));
    DataInputStream in = new DataInputStream(s.getInputStream());
    assertThat(head(in)).startsWith("HTTP/1.1 101");
    return in;
  }

  private static String head(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (!b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("closed before the response head ended");
      }
      b.write(c);
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }
}
