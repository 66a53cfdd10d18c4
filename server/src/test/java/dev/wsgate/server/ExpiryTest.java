package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.testkit.FakeTokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class ExpiryTest {
  private static final Instant EXP = Instant.parse("2030-01-01T12:00:00Z");

  @Test
  void deadline_closeMode_isTheTokensExpUnlessTheEndOfLifeComesFirst() {
    Instant eol = EXP.plusSeconds(60);
    assertThat(SessionLifecycle.deadline(Optional.of(EXP), ExpiryMode.CLOSE, eol))
        .isEqualTo(new SessionLifecycle.Deadline(EXP, "token expired"));
    assertThat(SessionLifecycle.deadline(Optional.of(eol.plusSeconds(1)), ExpiryMode.CLOSE, eol))
        .isEqualTo(new SessionLifecycle.Deadline(eol, SessionLifecycle.LIFETIME_REACHED));
  }

  @Test
  void deadline_keepModeOrNoExp_isTheEndOfLife() {
    Instant eol = EXP.plusSeconds(60);
    assertThat(SessionLifecycle.deadline(Optional.of(EXP), ExpiryMode.KEEP, eol).at())
        .isEqualTo(eol);
    assertThat(SessionLifecycle.deadline(Optional.empty(), ExpiryMode.CLOSE, eol).at())
        .isEqualTo(eol);
  }

  @Test
  void watch_manyConnections_shareOneSchedulerThread() {
    ScheduledThreadPoolExecutor shared = new ScheduledThreadPoolExecutor(1);
    try {
      ExpiryScheduler close =
          new ExpiryScheduler(
              shared,
              Clock.fixed(EXP.minusSeconds(600), ZoneOffset.UTC),
              Duration.ofSeconds(10),
              () -> 0.5);

      for (int i = 0; i < 100; i++) {
        close.watch(Optional.of(EXP), () -> {});
      }

      assertThat(shared.getQueue()).hasSize(100);
      assertThat(shared.getPoolSize()).isEqualTo(1);
      assertThat(shared.getQueue().peek())
          .satisfies(
              t ->
                  assertThat(((java.util.concurrent.Delayed) t).getDelay(TimeUnit.SECONDS))
                      .isBetween(500L, 595L));
    } finally {
      shared.shutdownNow();
    }
  }

  @Test
  void serverTimer_cancelledExpiryTask_leavesTheQueueAndReleasesItsConnection() {
    ScheduledThreadPoolExecutor timer = GatedWebSocketServer.newTimer();
    try {
      ExpiryScheduler close =
          new ExpiryScheduler(
              timer,
              Clock.fixed(EXP.minusSeconds(3600), ZoneOffset.UTC),
              Duration.ofSeconds(10),
              () -> 0.5);
      for (int i = 0; i < 100; i++) {
        close.watch(Optional.of(EXP), () -> {}).orElseThrow().cancel(false);
      }

      assertThat(timer.getQueue()).isEmpty();
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void openConnection_tokenExpiresTwoSecondsAfterConnect_closedWith4002() throws Exception {
    Instant start = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Clock clock = Clock.fixed(start, ZoneOffset.UTC);
    try (TestServer server = TestServer.start(Map.of(), ConnectionHandler.echo(), clock)) {
      String token = FakeTokenVerifier.token("exp", start.plusSeconds(2));
      Clients.Recording c =
          new Clients.Recording(
              server.uri("/ws?token=" + token), Map.of("Origin", TestServer.ORIGIN));
      assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).isTrue();

      assertThat(c.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(4002);
      assertThat(c.closeReason.get()).isEqualTo("token expired");
    }
  }

  @Test
  void openConnection_maxLifetimeBeforeExp_closedWith4002AtTheCap() throws Exception {
    Instant start = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Clock clock = Clock.fixed(start, ZoneOffset.UTC);
    try (TestServer server =
        TestServer.start(
            Map.of("wsgate.session.max-lifetime", "2s"), ConnectionHandler.echo(), clock)) {
      String token = FakeTokenVerifier.token("long", start.plusSeconds(3600));
      Clients.Recording c =
          new Clients.Recording(
              server.uri("/ws?token=" + token), Map.of("Origin", TestServer.ORIGIN));
      assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).isTrue();

      assertThat(c.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(4002);
      assertThat(c.closeReason.get()).isEqualTo(SessionLifecycle.LIFETIME_REACHED);
    }
  }
}
