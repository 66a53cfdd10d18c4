package dev.wsgate.adapter.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.adapter.javawebsocket.internal.upgrade.ConnectionCounter;
import dev.wsgate.gate.ExpiryWindow;
import dev.wsgate.spi.VerifiedToken;
import dev.wsgate.testkit.FakeTokenVerifier;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.WebSocket;
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
    WebSocket soon = socket("soon", closes);
    WebSocket past = socket("past", closes);
    WebSocket later = socket("later", closes);
    WebSocket unauthenticated = socket("none", closes);
    session(soon).closeAt(now + Duration.ofMillis(700).toNanos(), "token expired");
    session(past).closeAt(now - 1, SessionLifecycle.LIFETIME_REACHED);
    session(later).closeAt(now + Duration.ofSeconds(5).toNanos(), "token expired");
    List<WebSocket> open = List.of(soon, past, later, unauthenticated);
    RecordingAlarm alarm = new RecordingAlarm();

    ExpiryScheduler.armDue(open, ticker::get, alarm);
    ExpiryScheduler.armDue(open, ticker::get, alarm); // the next walk arms nothing twice

    assertThat(alarm.delays).containsExactly(Duration.ofMillis(700).toNanos(), 0L);
    assertThat(closes).isEmpty();
    ticker.addAndGet(Duration.ofMillis(700).toNanos() - 1);
    alarm.tasks.get(0).run(); // a timer never runs a task early; had it, nothing would close
    assertThat(closes).isEmpty();
    ticker.addAndGet(1);
    alarm.tasks.forEach(Runnable::run);
    assertThat(closes)
        .containsExactly(
            "soon 4002 token expired", "past 4002 " + SessionLifecycle.LIFETIME_REACHED);
    alarm.tasks.forEach(Runnable::run);
    assertThat(closes).as("at most once").hasSize(2);
  }

  @Test
  void armDue_refreshAfterArming_closesAtTheNewDeadlineOnly() {
    List<String> closes = new CopyOnWriteArrayList<>();
    long now = ticker.get();
    WebSocket refreshed = socket("refreshed", closes);
    Session s = session(refreshed);
    s.closeAt(now + Duration.ofMillis(300).toNanos(), "token expired");
    RecordingAlarm alarm = new RecordingAlarm();
    ExpiryScheduler.armDue(List.of(refreshed), ticker::get, alarm);

    s.closeAt(now + Duration.ofMillis(900).toNanos(), "token expired"); // a refresh moved it
    ticker.addAndGet(Duration.ofMillis(300).toNanos());
    alarm.tasks.get(0).run();
    assertThat(closes).isEmpty();
    ExpiryScheduler.armDue(List.of(refreshed), ticker::get, alarm);

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
      WebSocket conn = socket("u=" + u, closes);
      session(conn).closeAt(scheduler(now, u).closeAtNanos(EXP), "token expired");
      RecordingAlarm alarm = new RecordingAlarm();
      // a walk every tick, as the timer runs them, until one arms the close
      while (alarm.tasks.isEmpty()) {
        ExpiryScheduler.armDue(List.of(conn), ticker::get, alarm);
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

  /** A socket that records {@code close(code, reason)} and holds an attachment. */
  private static WebSocket socket(String name, List<String> closes) {
    Object[] attachment = {null};
    return (WebSocket)
        Proxy.newProxyInstance(
            WebSocket.class.getClassLoader(),
            new Class<?>[] {WebSocket.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "close":
                  closes.add(name + " " + args[0] + " " + args[1]);
                  return null;
                case "setAttachment":
                  attachment[0] = args[0];
                  return null;
                case "getAttachment":
                  return attachment[0];
                case "toString":
                  return name;
                default:
                  throw new UnsupportedOperationException(method.getName());
              }
            });
  }

  private static Session session(WebSocket socket) {
    Session s =
        new Session(
            socket,
            VerifiedToken.builder("fake", "alice").build(),
            Optional.empty(),
            "127.0.0.1:1",
            null,
            new ConnectionCounter(ConnectionLimits.defaults())
                .acquire("t", "alice")
                .permit()
                .orElseThrow());
    socket.setAttachment(s);
    return s;
  }

  @Test
  void openConnection_tokenExpiresTwoSecondsAfterConnect_closedWith4002() throws Exception {
    Instant start = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Clock clock = Clock.fixed(start, ZoneOffset.UTC);
    try (EmbeddedServer server = EmbeddedServer.builder().clock(clock).start()) {
      String token = FakeTokenVerifier.token("exp", start.plusSeconds(2));
      Clients.Recording c =
          new Clients.Recording(
              server.uri("/ws?token=" + token), Map.of("Origin", EmbeddedServer.ORIGIN));
      assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).isTrue();

      assertThat(c.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(4002);
      assertThat(c.closeReason.get()).isEqualTo("token expired");
    }
  }

  @Test
  void openConnection_maxLifetimeBeforeExp_closedWith4002AtTheCap() throws Exception {
    Instant start = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Clock clock = Clock.fixed(start, ZoneOffset.UTC);
    try (EmbeddedServer server =
        EmbeddedServer.builder().maxLifetime(Duration.ofSeconds(2)).clock(clock).start()) {
      String token = FakeTokenVerifier.token("long", start.plusSeconds(3600));
      Clients.Recording c =
          new Clients.Recording(
              server.uri("/ws?token=" + token), Map.of("Origin", EmbeddedServer.ORIGIN));
      assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).isTrue();

      assertThat(c.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(4002);
      assertThat(c.closeReason.get()).isEqualTo(SessionLifecycle.LIFETIME_REACHED);
    }
  }
}
