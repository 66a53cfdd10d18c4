package dev.wsgate.adapter.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.testkit.FakeTokenVerifier;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.java_websocket.enums.Opcode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

final class FrameLimitTest {
  private static EmbeddedServer server;

  @BeforeAll
  static void start() {
    server = EmbeddedServer.builder().maxFrameBytes(1024).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Clients.Recording connect() throws Exception {
    String token = FakeTokenVerifier.token("f", Instant.now().plusSeconds(600));
    Clients.Recording c =
        new Clients.Recording(
            server.uri("/ws?token=" + token), Map.of("Origin", EmbeddedServer.ORIGIN));
    assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
    return c;
  }

  @Test
  void message_withinLimit_isEchoed() throws Exception {
    Clients.Recording c = connect();

    c.send("a".repeat(1024));

    assertThat(c.messages.poll(10, TimeUnit.SECONDS)).hasSize(1024);
    c.closeBlocking();
  }

  @Test
  void frame_overLimit_closesWith1009() throws Exception {
    Clients.Recording c = connect();

    c.send("a".repeat(1025));

    assertThat(c.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
  }

  @Test
  void fragments_addingUpOverLimit_closeWith1009BeforeTheFinalFragment() throws Exception {
    Clients.Recording c = connect();

    c.sendFragmentedFrame(Opcode.TEXT, ByteBuffer.wrap("a".repeat(600).getBytes()), false);
    c.sendFragmentedFrame(Opcode.TEXT, ByteBuffer.wrap("b".repeat(600).getBytes()), false);

    assertThat(c.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
  }
}
