package dev.wsgate.adapter.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.session.SessionRegistry;
import dev.wsgate.testkit.FakeTokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Expiry closes on a real server and client; the schedule itself (jitter window, walks, at most
 * once, refresh moving the deadline) is auth-spi's {@code ExpirySchedulerTest}.
 */
final class ExpiryTest {

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
      assertThat(c.closeReason.get()).isEqualTo(SessionRegistry.LIFETIME_REACHED);
    }
  }
}
