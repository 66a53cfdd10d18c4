package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.testkit.FakeTokenVerifier;
import java.time.Clock;
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

  private static TestServer server(boolean refresh) {
    return TestServer.start(
        Map.of("wsgate.session.refresh", Boolean.toString(refresh)), WHO, CLOCK);
  }

  private static Clients.Recording connect(TestServer server, String token) throws Exception {
    Clients.Recording c =
        new Clients.Recording(
            server.uri("/ws?token=" + token), Map.of("Origin", TestServer.ORIGIN));
    assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
    return c;
  }

  private static String refresh(String token) {
    return "{\"type\":\"wsgate.refresh\",\"token\":\"" + token + "\"}";
  }

  @Test
  void refresh_sameSubject_replacesIdentityAndAcknowledges() throws Exception {
    try (TestServer server = server(true)) {
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
  void refresh_otherSubject_closesWith1008() throws Exception {
    try (TestServer server = server(true)) {
      Clients.Recording c = connect(server, FakeTokenVerifier.token("ann", NOW.plusSeconds(60)));

      c.send(refresh(FakeTokenVerifier.token("mallory", NOW.plusSeconds(3600))));

      assertThat(c.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1008);
    }
  }

  @Test
  void refresh_invalidToken_closesWith4001() throws Exception {
    try (TestServer server = server(true)) {
      Clients.Recording c = connect(server, FakeTokenVerifier.token("ann", NOW.plusSeconds(60)));

      c.send(refresh("fail.INVALID_SIGNATURE"));

      assertThat(c.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
      assertThat(c.closeReason.get()).doesNotContain("fail.");
    }
  }

  @Test
  void refresh_expiredToken_closesWith4002() throws Exception {
    try (TestServer server = server(true)) {
      Clients.Recording c = connect(server, FakeTokenVerifier.token("ann", NOW.plusSeconds(60)));

      c.send(refresh(FakeTokenVerifier.token("ann", NOW.minusSeconds(60))));

      assertThat(c.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4002);
    }
  }

  @Test
  void refreshDisabled_messageReachesTheHandler() throws Exception {
    try (TestServer server = server(false)) {
      Clients.Recording c = connect(server, FakeTokenVerifier.token("ann", NOW.plusSeconds(60)));

      c.send(refresh(FakeTokenVerifier.token("ann", NOW.plusSeconds(3600))));

      assertThat(c.messages.poll(10, TimeUnit.SECONDS))
          .isEqualTo("ann@" + NOW.plusSeconds(60).getEpochSecond());
      c.closeBlocking();
    }
  }

  @Test
  void tokenOf_otherMessages_areNotRefreshes() {
    assertThat(SessionRefresh.tokenOf("hello")).isEmpty();
    assertThat(SessionRefresh.tokenOf("{\"type\":\"chat\",\"text\":\"wsgate.refresh\"}")).isEmpty();
    assertThat(SessionRefresh.tokenOf("{not json wsgate.refresh")).isEmpty();
    assertThat(SessionRefresh.tokenOf(refresh("abc"))).contains("abc");
  }
}
