package dev.wsgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.gate.ExpiryWindow;
import dev.wsgate.spi.VerifiedToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

final class ExpirySchedulerTest {
  private static final Instant EXP = Instant.parse("2030-01-01T12:00:00Z");

  /** A ticker the test moves by hand, in nanoseconds. */
  private final AtomicLong ticker = new AtomicLong(1_000_000_000_000L);

  private ExpiryScheduler scheduler(Instant now, double u) {
    return new ExpiryScheduler(
        Clock.fixed(now, ZoneOffset.UTC), Duration.ofSeconds(10), () -> u, ticker::get);
  }

  /** The alarms a walk armed, in order: their delays and their tasks. */
  private static final class RecordingAlarm implements ExpiryScheduler.Alarm {
    final List<Long> delays = new ArrayList<>();
    final List<Runnable> tasks = new ArrayList<>();

    @Override
    public void after(long delayNanos, Runnable task) {
      delays.add(delayNanos);
      tasks.add(task);
    }
  }

  private static LiveSession session(String name, List<String> closes) {
    return new LiveSession(
        new RecordingChannel(name, closes),
        VerifiedToken.builder("fake", "alice").build(),
        null,
        EXP.plusSeconds(3600));
  }

  @Test
  void ending_closeMode_isTheTokensExpUnlessTheEndOfLifeComesFirst() {
    Instant eol = EXP.plusSeconds(60);
    assertThat(SessionRegistry.ending(Optional.of(EXP), true, eol))
        .isEqualTo(new SessionRegistry.Ending(EXP, "token expired"));
    assertThat(SessionRegistry.ending(Optional.of(eol.plusSeconds(1)), true, eol))
        .isEqualTo(new SessionRegistry.Ending(eol, SessionRegistry.LIFETIME_REACHED));
  }

  @Test
  void ending_keepModeOrNoExp_isTheEndOfLife() {
    Instant eol = EXP.plusSeconds(60);
    assertThat(SessionRegistry.ending(Optional.of(EXP), false, eol).at()).isEqualTo(eol);
    assertThat(SessionRegistry.ending(Optional.empty(), true, eol).at()).isEqualTo(eol);
  }

  @Test
  void closeAtNanos_isTheJitteredCloseTimeItself() {
    long t0 = ticker.get();

    // u = 0.5 of a 10 s window: exp - 5 s, 595 s from now; u = 1: the window's start; u = 0: exp
    assertThat(scheduler(EXP.minusSeconds(600), 0.5).closeAtNanos(EXP))
        .isEqualTo(t0 + Duration.ofSeconds(595).toNanos());
    assertThat(scheduler(EXP.minusSeconds(600), 1).closeAtNanos(EXP))
        .isEqualTo(t0 + Duration.ofSeconds(590).toNanos());
    assertThat(scheduler(EXP.minusSeconds(600), 0).closeAtNanos(EXP))
        .isEqualTo(t0 + Duration.ofSeconds(600).toNanos());
  }

  @Test
  void closeAtNanos_expired_isNow_andWithinATick_isNotEarlier() {
    long t0 = ticker.get();
    assertThat(scheduler(EXP.plusSeconds(5), 0.5).closeAtNanos(EXP)).isEqualTo(t0);
    // 400 ms left: the window is 200 ms, u = 0.5 puts the close 100 ms before exp
    assertThat(scheduler(EXP.minusMillis(400), 0.5).closeAtNanos(EXP))
        .isEqualTo(t0 + Duration.ofMillis(300).toNanos());
  }

  @Test
  void closeAtNanos_centuriesAway_doesNotOverflow() {
    long at = scheduler(EXP, 0.5).closeAtNanos(EXP.plus(Duration.ofDays(365L * 1000)));

    assertThat(at - ticker.get()).isGreaterThan(Duration.ofDays(365L * 50).toNanos());
  }

  @Test
  void armDue_deadlineWithinTwoTicks_armsOneCloseAtTheDeadlineItself() {
    List<String> closes = new CopyOnWriteArrayList<>();
    long now = ticker.get();
    LiveSession soon = session("soon", closes);
    LiveSession past = session("past", closes);
    LiveSession later = session("later", closes);
    soon.closeAt(now + Duration.ofMillis(700).toNanos(), "token expired");
    past.closeAt(now - 1, SessionRegistry.LIFETIME_REACHED);
    later.closeAt(now + Duration.ofSeconds(5).toNanos(), "token expired");
    List<LiveSession> open = List.of(soon, past, later);
    RecordingAlarm alarm = new RecordingAlarm();
    ExpiryScheduler walk = scheduler(EXP, 0.5);

    walk.armDue(open, alarm);
    walk.armDue(open, alarm); // the next walk arms nothing twice

    assertThat(alarm.delays).containsExactly(Duration.ofMillis(700).toNanos(), 0L);
    assertThat(closes).isEmpty();
    ticker.addAndGet(Duration.ofMillis(700).toNanos() - 1);
    alarm.tasks.get(0).run(); // a timer never runs a task early; had it, nothing would close
    assertThat(closes).isEmpty();
    ticker.addAndGet(1);
    alarm.tasks.forEach(Runnable::run);
    assertThat(closes)
        .containsExactly(
            "soon 4002 token expired", "past 4002 " + SessionRegistry.LIFETIME_REACHED);
    alarm.tasks.forEach(Runnable::run);
    assertThat(closes).as("at most once").hasSize(2);
  }

  @Test
  void armDue_refreshAfterArming_closesAtTheNewDeadlineOnly() {
    List<String> closes = new CopyOnWriteArrayList<>();
    long now = ticker.get();
    LiveSession s = session("refreshed", closes);
    s.closeAt(now + Duration.ofMillis(300).toNanos(), "token expired");
    RecordingAlarm alarm = new RecordingAlarm();
    ExpiryScheduler walk = scheduler(EXP, 0.5);
    walk.armDue(List.of(s), alarm);

    s.closeAt(now + Duration.ofMillis(900).toNanos(), "token expired"); // a refresh moved it
    ticker.addAndGet(Duration.ofMillis(300).toNanos());
    alarm.tasks.get(0).run();
    assertThat(closes).isEmpty();
    walk.armDue(List.of(s), alarm);

    assertThat(alarm.delays)
        .containsExactly(Duration.ofMillis(300).toNanos(), Duration.ofMillis(600).toNanos());
    ticker.addAndGet(Duration.ofMillis(600).toNanos());
    alarm.tasks.get(1).run();
    assertThat(closes).containsExactly("refreshed 4002 token expired");
  }

  @Test
  void expiryClose_anyJitterDraw_atItsInstantInTheWindow_neverBefore() {
    Instant now = EXP.minusSeconds(60);
    for (double u : new double[] {0, 0.25, 0.5, 0.999, 1}) {
      List<String> closes = new CopyOnWriteArrayList<>();
      long t0 = ticker.get();
      LiveSession s = session("u=" + u, closes);
      ExpiryScheduler scheduler = scheduler(now, u);
      s.closeAt(scheduler.closeAtNanos(EXP), "token expired");
      RecordingAlarm alarm = new RecordingAlarm();
      // a walk every tick, as the timer runs them, until one arms the close
      while (alarm.tasks.isEmpty()) {
        scheduler.armDue(List.of(s), alarm);
        if (alarm.tasks.isEmpty()) {
          ticker.addAndGet(ExpiryScheduler.TICK.toNanos());
        }
      }
      ticker.addAndGet(alarm.delays.get(0)); // the timer runs the task after its delay
      alarm.tasks.get(0).run();

      Instant closedAt = now.plusNanos(ticker.get() - t0);
      assertThat(closes).as("u=%s", u).hasSize(1);
      assertThat(closedAt)
          .as("u=%s", u)
          .isEqualTo(ExpiryWindow.closeAt(EXP, now, Duration.ofSeconds(10), u))
          .isAfterOrEqualTo(EXP.minusSeconds(10))
          .isBeforeOrEqualTo(EXP);
    }
  }
}
