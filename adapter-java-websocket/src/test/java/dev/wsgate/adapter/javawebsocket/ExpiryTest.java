package dev.wsgate.adapter.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.adapter.javawebsocket.internal.upgrade.ConnectionCounter;
import dev.wsgate.spi.VerifiedToken;
import dev.wsgate.testkit.FakeTokenVerifier;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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

  private static ExpiryScheduler scheduler(Instant now) {
    return new ExpiryScheduler(Clock.fixed(now, ZoneOffset.UTC), Duration.ofSeconds(10), () -> 0.5);
  }

  @Test
  void closeAtNanos_isTheJitteredCloseTime_oneTickEarly() {
    long before = System.nanoTime();
    long at = scheduler(EXP.minusSeconds(600)).closeAtNanos(EXP);
    long after = System.nanoTime();

    // u = 0.5 of a 10 s window: exp - 5 s, then one tick (500 ms) early
    long delay = Duration.ofSeconds(595).minus(ExpiryScheduler.TICK).toNanos();
    assertThat(at).isBetween(before + delay, after + delay);
  }

  @Test
  void closeAtNanos_expiredOrWithinATick_isNow() {
    long before = System.nanoTime();
    assertThat(scheduler(EXP.plusSeconds(5)).closeAtNanos(EXP))
        .isBetween(before, System.nanoTime());
    assertThat(scheduler(EXP.minusMillis(400)).closeAtNanos(EXP))
        .isBetween(before, System.nanoTime());
  }

  @Test
  void closeAtNanos_centuriesAway_doesNotOverflow() {
    long at = scheduler(EXP).closeAtNanos(EXP.plus(Duration.ofDays(365L * 1000)));

    assertThat(at - System.nanoTime()).isGreaterThan(Duration.ofDays(365L * 50).toNanos());
  }

  @Test
  void closeOverdue_closesOnlyDueSessions_onceEach_withTheirReason() {
    List<String> closes = new CopyOnWriteArrayList<>();
    long now = System.nanoTime();
    WebSocket due = socket("due", closes);
    WebSocket later = socket("later", closes);
    WebSocket refreshed = socket("refreshed", closes);
    WebSocket unauthenticated = socket("none", closes);
    session(due).closeAt(now - 1, "token expired");
    session(later).closeAt(now + 1_000_000_000L, "token expired");
    Session r = session(refreshed);
    r.closeAt(now - 1, "token expired");
    r.closeAt(now + 1_000_000_000L, "token expired"); // a refresh moved it
    List<WebSocket> open = List.of(due, later, refreshed, unauthenticated);

    ExpiryScheduler.closeOverdue(open, now);
    ExpiryScheduler.closeOverdue(open, now + 1);

    assertThat(closes).containsExactly("due 4002 token expired");
    ExpiryScheduler.closeOverdue(open, now + 1_000_000_000L);
    assertThat(closes)
        .containsExactly(
            "due 4002 token expired", "later 4002 token expired", "refreshed 4002 token expired");
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
