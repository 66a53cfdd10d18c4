package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.testkit.FakeTokenVerifier;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Open-connection limits at the upgrade: 429 beyond them, a share given back on close. */
final class ConnectionLimitTest {
  private static final String ORIGIN = "Origin: " + TestServer.ORIGIN;

  private static Clients.Recording open(TestServer server, String subject) throws Exception {
    Clients.Recording c =
        new Clients.Recording(
            server.uri("/ws?token=" + token(subject)), Map.of("Origin", TestServer.ORIGIN));
    assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).as("open for " + subject).isTrue();
    return c;
  }

  private static String token(String subject) {
    return FakeTokenVerifier.token(subject, Instant.now().plusSeconds(600));
  }

  private static RawHttp.Response upgrade(TestServer server, String subject) throws Exception {
    return RawHttp.exchange(server.port, RawHttp.upgrade("/ws?token=" + token(subject), ORIGIN));
  }

  /** The server counts the close once its side of the closing handshake ran. */
  private static void awaitOpen(TestServer server, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (server.server.openConnections() != expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(server.server.openConnections()).isEqualTo(expected);
  }

  @Test
  void subject_overPerSubjectLimit_gets429_othersStillConnect() throws Exception {
    try (TestServer server =
        TestServer.start(Map.of("wsgate.limits.max-connections-per-subject", "2"))) {
      Clients.Recording a1 = open(server, "alice");
      Clients.Recording a2 = open(server, "alice");

      RawHttp.Response third = upgrade(server, "alice");

      assertThat(third.status()).isEqualTo(429);
      assertThat(third.body()).contains("subject");
      assertThat(third.closed()).isTrue();
      Clients.Recording bob = open(server, "bob");
      a1.closeBlocking();
      awaitOpen(server, 2);
      Clients.Recording a3 = open(server, "alice");
      assertThat(a3.isOpen()).isTrue();
      a2.closeBlocking();
      a3.closeBlocking();
      bob.closeBlocking();
    }
  }

  @Test
  void server_overTotalLimit_gets429_untilAConnectionCloses() throws Exception {
    try (TestServer server = TestServer.start(Map.of("wsgate.limits.max-connections", "2"))) {
      Clients.Recording a = open(server, "a");
      Clients.Recording b = open(server, "b");

      RawHttp.Response full = upgrade(server, "c");

      assertThat(full.status()).isEqualTo(429);
      assertThat(full.body()).contains("maximum number of connections");
      a.closeBlocking();
      awaitOpen(server, 1);
      Clients.Recording c = open(server, "c");
      assertThat(c.isOpen()).isTrue();
      b.closeBlocking();
      c.closeBlocking();
      awaitOpen(server, 0);
    }
  }

  @Test
  void refusedAndFailedHandshakes_doNotHoldShares() throws Exception {
    try (TestServer server = TestServer.start(Map.of("wsgate.limits.max-connections", "1"))) {
      for (int i = 0; i < 5; i++) {
        assertThat(RawHttp.exchange(server.port, RawHttp.upgrade("/ws?token=bad", ORIGIN)).status())
            .isEqualTo(401);
      }
      Clients.Recording a = open(server, "a");
      assertThat(upgrade(server, "b").status()).isEqualTo(429);
      a.closeBlocking();
      awaitOpen(server, 0);
    }
  }

  @Test
  void limits_readFromConfiguration_withDefaults() {
    try (TestServer server = TestServer.start()) {
      assertThat(server.server.config().limits().maxConnections())
          .isEqualTo(ConnectionLimits.DEFAULT_MAX_CONNECTIONS);
      assertThat(server.server.config().limits().maxConnectionsPerSubject())
          .isEqualTo(ConnectionLimits.DEFAULT_MAX_CONNECTIONS_PER_SUBJECT);
    }
  }
}
