package dev.wsgate.adapter.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.gate.DenyList;
import dev.wsgate.session.SessionPolicy;
import dev.wsgate.testkit.FakeTokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Open connections on a real Netty server: the shared session code behind the adapter. */
final class SessionTest {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static NettyServer server(SessionPolicy policy, DenyList deny) {
    return NettyServer.start(
        NettyServer.gate(new FakeTokenVerifier(), 512, CLOCK, deny),
        NettyGateConfig.defaults("/ws").withSessions(policy),
        CLOCK);
  }

  private static Clients.Recording connect(NettyServer server, String token) throws Exception {
    Clients.Recording c =
        new Clients.Recording(
            server.uri("/ws?token=" + token), Map.of("Origin", NettyServer.ORIGIN));
    assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
    return c;
  }

  @Test
  void openConnection_tokenExpiresTwoSecondsAfterTheInjectedNow_closedWith4002() throws Exception {
    try (NettyServer server = server(SessionPolicy.defaults(), new DenyList())) {
      Clients.Recording c = connect(server, FakeTokenVerifier.token("exp", NOW.plusSeconds(2)));

      assertThat(c.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(4002);
      assertThat(c.closeReason.get()).isEqualTo("token expired");
      awaitOpenSessions(server, 0);
    }
  }

  @Test
  void refresh_inBandBeforeExpiry_acknowledgedAndNotClosedAtTheOldExp() throws Exception {
    try (NettyServer server = server(SessionPolicy.defaults().withRefresh(true), new DenyList())) {
      Clients.Recording c = connect(server, FakeTokenVerifier.token("ann", NOW.plusSeconds(2)));
      Instant later = NOW.plusSeconds(3600);

      c.send(
          "{\"type\":\"wsgate.refresh\",\"token\":\""
              + FakeTokenVerifier.token("ann", later)
              + "\"}");

      assertThat(c.messages.poll(10, TimeUnit.SECONDS))
          .isEqualTo("{\"type\":\"wsgate.refreshed\",\"exp\":" + later.getEpochSecond() + "}");
      // past the old exp (2 s) the connection still echoes
      assertThat(c.closeCode.completeOnTimeout(0, 3, TimeUnit.SECONDS).get()).isZero();
      c.send("still here");
      assertThat(c.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("still here");
      c.closeBlocking();
    }
  }

  @Test
  void refresh_tokenOfAnotherSubject_closedWith4001() throws Exception {
    try (NettyServer server = server(SessionPolicy.defaults().withRefresh(true), new DenyList())) {
      Clients.Recording c = connect(server, FakeTokenVerifier.token("ann", NOW.plusSeconds(600)));

      c.send(
          "{\"type\":\"wsgate.refresh\",\"token\":\""
              + FakeTokenVerifier.token("mallory", NOW.plusSeconds(600))
              + "\"}");

      assertThat(c.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
      assertThat(c.closeReason.get()).startsWith("refresh refused");
    }
  }

  @Test
  void disconnectSubject_closesThatSubjectsConnectionsOnly() throws Exception {
    try (NettyServer server = server(SessionPolicy.defaults(), new DenyList())) {
      Clients.Recording ann1 =
          connect(server, FakeTokenVerifier.token("ann", NOW.plusSeconds(600)));
      Clients.Recording ann2 =
          connect(server, FakeTokenVerifier.token("ann", NOW.plusSeconds(600)));
      Clients.Recording bob = connect(server, FakeTokenVerifier.token("bob", NOW.plusSeconds(600)));
      awaitOpenSessions(server, 3);

      assertThat(server.wsgate.disconnectSubject("default", "ann", 4001, "revoked")).isEqualTo(2);

      assertThat(ann1.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
      assertThat(ann2.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
      assertThat(ann2.closeReason.get()).isEqualTo("revoked");
      bob.send("ping");
      assertThat(bob.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("ping");
      bob.closeBlocking();
    }
  }

  @Test
  void revocationSweep_subjectDeniedWhileConnected_closedWith4001() throws Exception {
    DenyList deny = new DenyList();
    SessionPolicy sweepOften =
        new SessionPolicy(
            true,
            SessionPolicy.DEFAULT_EXPIRY_JITTER,
            SessionPolicy.DEFAULT_MAX_LIFETIME,
            false,
            Duration.ofMillis(100));
    try (NettyServer server = server(sweepOften, deny)) {
      Clients.Recording c = connect(server, FakeTokenVerifier.token("eve", NOW.plusSeconds(600)));
      awaitOpenSessions(server, 1);

      deny.denySubject("default", "eve", NOW.plusSeconds(3600));

      assertThat(c.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
    }
  }

  /** The session is registered once the 101 is written, which the client may see first. */
  private static void awaitOpenSessions(NettyServer server, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (server.wsgate.openSessions() != n && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      Thread.yield();
    }
    assertThat(server.wsgate.openSessions()).isEqualTo(n);
  }
}
