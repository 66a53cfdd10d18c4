package dev.wsgate.adapter.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.session.SessionRegistry;
import dev.wsgate.testkit.FakeTokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class SessionRefreshTest {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  /** Answers every message with the identity the connection holds now. */
  private static final ConnectionHandler WHO =
      new ConnectionHandler() {
        @Override
        public void onText(Session s, String text) {
          s.send(s.token().subject() + "@" + s.token().expiresAt().orElseThrow().getEpochSecond());
        }
      };

  private static EmbeddedServer server(boolean refresh) {
    return builder().refresh(refresh).start();
  }

  private static EmbeddedServer.Builder builder() {
    return EmbeddedServer.builder().handler(WHO).clock(CLOCK);
  }

  private static Clients.Recording connect(EmbeddedServer server, String token) throws Exception {
    Clients.Recording c =
        new Clients.Recording(
            server.uri("/ws?token=" + token), Map.of("Origin", EmbeddedServer.ORIGIN));
    assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
    return c;
  }

  private static String refresh(String token) {
    return "{\"type\":\"wsgate.refresh\",\"token\":\"" + token + "\"}";
  }

  @Test
  void refresh_sameSubject_replacesIdentityAndAcknowledges() throws Exception {
    try (EmbeddedServer server = server(true)) {
      Clients.Recording c = connect(server, FakeTokenVerifier.token("ann", NOW.plusSeconds(60)));
      Instant later = NOW.plusSeconds(3600);

      c.send(refresh(FakeTokenVerifier.token("ann", later)));

      assertThat(c.messages.poll(10, TimeUnit.SECONDS))
          .isEqualTo("{\"type\":\"wsgate.refreshed\",\"exp\":" + later.getEpochSecond() + "}");
      c.send("who");
      assertThat(c.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("ann@" + later.getEpochSecond());
      c.closeBlocking();
    }
  }

  @Test
  void refresh_otherSubject_closesWith4001() throws Exception {
    try (EmbeddedServer server = server(true)) {
      Clients.Recording c = connect(server, FakeTokenVerifier.token("ann", NOW.plusSeconds(60)));

      c.send(refresh(FakeTokenVerifier.token("mallory", NOW.plusSeconds(3600))));

      assertThat(c.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
    }
  }

  @Test
  void refresh_invalidToken_closesWith4001() throws Exception {
    try (EmbeddedServer server = server(true)) {
      Clients.Recording c = connect(server, FakeTokenVerifier.token("ann", NOW.plusSeconds(60)));

      c.send(refresh("fail.INVALID_SIGNATURE"));

      assertThat(c.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
      assertThat(c.closeReason.get()).doesNotContain("fail.");
    }
  }

  @Test
  void refresh_expiredToken_closesWith4002() throws Exception {
    try (EmbeddedServer server = server(true)) {
      Clients.Recording c = connect(server, FakeTokenVerifier.token("ann", NOW.plusSeconds(60)));

      c.send(refresh(FakeTokenVerifier.token("ann", NOW.minusSeconds(60))));

      assertThat(c.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4002);
    }
  }

  @Test
  void refreshDisabled_messageReachesTheHandler() throws Exception {
    try (EmbeddedServer server = server(false)) {
      Clients.Recording c = connect(server, FakeTokenVerifier.token("ann", NOW.plusSeconds(60)));

      c.send(refresh(FakeTokenVerifier.token("ann", NOW.plusSeconds(3600))));

      assertThat(c.messages.poll(10, TimeUnit.SECONDS))
          .isEqualTo("ann@" + NOW.plusSeconds(60).getEpochSecond());
      c.closeBlocking();
    }
  }

  @Test
  void refresh_malformedFrame_closesWith4001AndNeverReachesTheHandler() throws Exception {
    try (EmbeddedServer server = server(true)) {
      Clients.Recording c = connect(server, FakeTokenVerifier.token("ann", NOW.plusSeconds(60)));

      c.send("{\"type\":\"wsgate.refresh\",\"token\":");

      assertThat(c.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
      assertThat(c.messages).as("the handler answers every message it gets").isEmpty();
    }
  }

  /**
   * Tokens live 2 s (the clock is fixed, so every token's close is armed at most 2 s after it
   * arrives, and at least 0.5 s: half the lifetime, then one expiry tick early); refreshing every
   * 300 ms keeps the connection open for three lifetimes and more.
   */
  @Test
  void refresh_beforeEachExpiry_keepsTheConnectionPastThreeLifetimes() throws Exception {
    try (EmbeddedServer server = server(true)) {
      Clients.Recording c = connect(server, FakeTokenVerifier.token("ann", NOW.plusSeconds(2)));
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(6_500);
      int refreshes = 0;
      while (System.nanoTime() < until) {
        c.send(refresh(FakeTokenVerifier.token("ann", NOW.plusSeconds(2))));
        assertThat(c.messages.poll(10, TimeUnit.SECONDS))
            .startsWith("{\"type\":\"wsgate.refreshed\"");
        refreshes++;
        assertThat(c.closeCode).as("closed after %d refreshes", refreshes).isNotDone();
        Thread.sleep(300); // the client's refresh timer, not a wait for the server
      }
      c.send("who");
      assertThat(c.messages.poll(10, TimeUnit.SECONDS)).startsWith("ann@");
      c.closeBlocking();
    }
  }

  @Test
  void refresh_cannotOutliveMaxLifetime_closedWith4002AtTheCap() throws Exception {
    try (EmbeddedServer server =
        builder().refresh(true).maxLifetime(Duration.ofSeconds(2)).start()) {
      Clients.Recording c = connect(server, FakeTokenVerifier.token("ann", NOW.plusSeconds(60)));

      c.send(refresh(FakeTokenVerifier.token("ann", NOW.plusSeconds(3600))));
      assertThat(c.messages.poll(10, TimeUnit.SECONDS))
          .startsWith("{\"type\":\"wsgate.refreshed\"");

      assertThat(c.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(4002);
      assertThat(c.closeReason.get()).isEqualTo(SessionRegistry.LIFETIME_REACHED);
    }
  }
}
