package dev.wsgate.adapter.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.adapter.javawebsocket.AttackCorpus;
import dev.wsgate.adapter.javawebsocket.AttackCorpusTest;
import dev.wsgate.session.SessionPolicy;
import dev.wsgate.testkit.RawHttp;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java-WebSocket adapter's attack corpus (hostile upgrades over raw sockets, one list of cases
 * with their expected statuses) against a Netty listener on the same gate, keys and {@code
 * jku}/{@code x5u} trap: the same status for every case but the one of {@link #NETTY_ANSWERS}, the
 * socket closed after each refusal, the trap never contacted, and valid upgrades on both tenants
 * still accepted afterwards.
 */
final class NettyAttackCorpusTest {
  /**
   * The case Netty's HTTP decoder answers otherwise than the corpus (the Java-WebSocket adapter),
   * asserted as Netty answers it: refused, with another status.
   */
  private static final Map<String, Integer> NETTY_ANSWERS =
      Map.of(
          // the decoder unfolds the continuation line: the Origin "https://app.example.com evil"
          // reaches the gate, which refuses it (Java-WebSocket refuses the folded line: 400)
          "obs-fold continuation of Origin", 403);

  private static NettyServer netty;

  @BeforeAll
  static void start() throws Exception {
    AttackCorpusTest.start();
    NettyGateConfig config =
        new NettyGateConfig(
            Set.of("/h/ws", "/j/ws"),
            Duration.ofSeconds(2), // as the corpus's Java-WebSocket server: 408 soon
            NettyGateConfig.DEFAULT_HANDSHAKE_MAX_BYTES,
            NettyGateConfig.DEFAULT_MAX_FRAME_BYTES,
            2,
            SessionPolicy.defaults());
    netty =
        NettyServer.start(new WsgateNetty(AttackCorpusTest.gate(), config, Clock.systemUTC()), 2);
  }

  @AfterAll
  static void stop() throws IOException {
    if (netty != null) {
      netty.close();
    }
    AttackCorpusTest.stop();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.wsgate.adapter.javawebsocket.AttackCorpus#cases")
  void attack_answersExactStatus_andServerStaysHealthy(AttackCorpus.Case attack) throws Exception {
    RawHttp.Response r = RawHttp.exchange(netty.port, attack.request());

    assertThat(r.status())
        .as(attack.name() + ": " + r.statusLine())
        .isEqualTo(NETTY_ANSWERS.getOrDefault(attack.name(), attack.status()));
    if (r.status() != 101) {
      assertThat(r.closed()).as("socket closed after the refusal").isTrue();
    }
    assertThat(AttackCorpusTest.trapConnections.get())
        .as("connections to the jku/x5u trap")
        .isZero();
    AttackCorpusTest.assertHealthy(netty.port);
  }
}
