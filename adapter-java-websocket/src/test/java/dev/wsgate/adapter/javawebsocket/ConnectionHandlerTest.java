package dev.wsgate.adapter.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class ConnectionHandlerTest {
  private static final String ORIGIN = "Origin: " + EmbeddedServer.ORIGIN;

  /** A masked client text frame carrying "hi". */
  private static final byte[] HI_FRAME = {(byte) 0x81, (byte) 0x82, 1, 2, 3, 4, 'h' ^ 1, 'i' ^ 2};

  @Test
  void refusedConnections_neverReachTheHandler_evenWithFramesAfterTheRequest() throws Exception {
    AtomicInteger opens = new AtomicInteger();
    AtomicInteger texts = new AtomicInteger();
    ConnectionHandler counting =
        new ConnectionHandler() {
          @Override
          public void onOpen(Session s) {
            opens.incrementAndGet();
          }

          @Override
          public void onText(Session s, String text) {
            texts.incrementAndGet();
            s.send(s.token().subject() + ":" + text);
          }
        };
    try (EmbeddedServer server = EmbeddedServer.builder().handler(counting).start()) {
      for (String token : new String[] {"bad", "fail.REVOKED", "fail.INSUFFICIENT_SCOPE"}) {
        try (Socket s = new Socket("127.0.0.1", server.port)) {
          OutputStream out = s.getOutputStream();
          out.write(
              RawHttp.upgrade("/ws?token=" + token, ORIGIN).getBytes(StandardCharsets.US_ASCII));
          out.write(HI_FRAME);
          out.flush();
          RawHttp.Response r = RawHttp.read(s.getInputStream());
          assertThat(r.status()).isIn(401, 403);
          assertThat(r.closed()).isTrue();
        }
      }
      String valid = FakeTokenVerifier.token("ok", Instant.now().plusSeconds(600));
      Clients.Recording c =
          new Clients.Recording(
              server.uri("/ws?token=" + valid), Map.of("Origin", EmbeddedServer.ORIGIN));
      assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
      c.send("ping");
      assertThat(c.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("ok:ping");

      assertThat(opens).hasValue(1);
      assertThat(texts).as("only the accepted connection's message").hasValue(1);
      c.closeBlocking();
    }
  }

  @Test
  void handlerThrows_closesThatConnectionWith1011() throws Exception {
    ConnectionHandler broken =
        new ConnectionHandler() {
          @Override
          public void onText(Session s, String text) {
            throw new IllegalStateException("application bug");
          }
        };
    try (EmbeddedServer server = EmbeddedServer.builder().handler(broken).start()) {
      String valid = FakeTokenVerifier.token("ok", Instant.now().plusSeconds(600));
      Clients.Recording c =
          new Clients.Recording(
              server.uri("/ws?token=" + valid), Map.of("Origin", EmbeddedServer.ORIGIN));
      assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).isTrue();

      c.send("boom");

      assertThat(c.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1011);
      assertThat(c.closeReason.get()).isEqualTo("internal error");
    }
  }
}
