package dev.wsgate.adapter.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The per-subject connection limit and the shared meters of {@link WsgateNetty}: 429 beyond the
 * limit, the permit given back when the connection closes, and every answer, open connection and
 * close counted under the names of every wsgate adapter.
 */
final class LimitsAndMetersTest {

  private static String token(String subject) {
    return FakeTokenVerifier.token(subject, Instant.now().plusSeconds(600));
  }

  private static int upgrade(NettyServer server, String subject) throws Exception {
    return RawHttp.exchange(
            server.port,
            RawHttp.upgrade("/ws?token=" + token(subject), "Origin: " + NettyServer.ORIGIN))
        .status();
  }

  @Test
  void perSubjectLimit_429ThenFreedOnClose_andEverythingCounted() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    WsgateNetty wsgate =
        new WsgateNetty(
            NettyServer.gate(new FakeTokenVerifier(), 512, Clock.systemUTC()),
            NettyGateConfig.defaults("/ws").withConnectionLimits(0, 1),
            Clock.systemUTC(),
            registry,
            null);
    try (NettyServer server = NettyServer.start(wsgate, 2)) {
      Clients.Recording first =
          new Clients.Recording(
              server.uri("/ws?token=" + token("ivy")), Map.of("Origin", NettyServer.ORIGIN));
      assertThat(first.connectBlocking(10, TimeUnit.SECONDS)).isTrue();

      assertThat(upgrade(server, "ivy")).isEqualTo(429);
      assertThat(wsgate.openConnections()).isEqualTo(1);
      assertThat(registry.get("wsgate.connections.open").tag("tenant", "default").gauge().value())
          .isEqualTo(1.0);

      first.closeBlocking();
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> wsgate.openConnections() == 0);
      assertThat(upgrade(server, "ivy")).isEqualTo(101);

      assertThat(
              registry
                  .get("wsgate.handshakes")
                  .tags("outcome", "rejected", "status", "429")
                  .counter()
                  .count())
          .isEqualTo(1.0);
      assertThat(
              registry
                  .get("wsgate.handshakes")
                  .tags("outcome", "accepted", "status", "101")
                  .counter()
                  .count())
          .isEqualTo(2.0);
      assertThat(
              registry
                  .get("wsgate.connections.closed")
                  .tags("code", "1000", "initiator", "client")
                  .counter()
                  .count())
          .isEqualTo(1.0);
    }
  }
}
