package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.testkit.FakeTokenVerifier;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * First-message authentication ({@code wsgate.extractors=…,message}) on each transport: the upgrade
 * without a token opens, the first frame's token is verified, the echo application sees only what
 * follows; anything else first, or nothing in time, closes with 4001.
 */
final class FirstMessageTest {
  private static final Map<String, String> FROM_APP = Map.of("Origin", TestServer.ORIGIN);

  private static TestServer start(String transport) {
    return TestServer.start(
        TestServer.on(
            transport,
            Map.of("wsgate.extractors", "query,message", "wsgate.auth.message-timeout", "1s")));
  }

  private static Clients.Recording connect(TestServer server) throws Exception {
    Clients.Recording c = new Clients.Recording(server.uri("/ws"), FROM_APP);
    assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).as("connected").isTrue();
    return c;
  }

  @ParameterizedTest
  @MethodSource("dev.wsgate.server.TestServer#transports")
  void authFrame_validToken_acknowledgedThenEchoes(String transport) throws Exception {
    Instant exp = Instant.now().plusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    try (TestServer server = start(transport)) {
      Clients.Recording c = connect(server);
      c.send(
          "{\"type\":\"wsgate.auth\",\"token\":\"" + FakeTokenVerifier.token("alice", exp) + "\"}");
      c.send("hello");
      assertThat(c.messages.poll(10, TimeUnit.SECONDS))
          .isEqualTo("{\"type\":\"wsgate.authenticated\",\"exp\":" + exp.getEpochSecond() + "}");
      assertThat(c.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("hello");
      assertThat(server.server.openConnections()).isEqualTo(1);
      c.closeBlocking();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.wsgate.server.TestServer#transports")
  void otherFirstFrame_orNoneInTime_closes4001(String transport) throws Exception {
    try (TestServer server = start(transport)) {
      Clients.Recording chatty = connect(server);
      chatty.send("hello");
      assertThat(chatty.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
      assertThat(chatty.messages).isEmpty();

      Clients.Recording silent = connect(server);
      assertThat(silent.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
      assertThat(silent.closeReason.get(1, TimeUnit.SECONDS)).isEqualTo("authentication required");

      Clients.Recording wrong = connect(server);
      wrong.send("{\"type\":\"wsgate.auth\",\"token\":\"not-a-token\"}");
      assertThat(wrong.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
      assertThat(wrong.messages).isEmpty();
    }
  }
}
