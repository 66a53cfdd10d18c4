package dev.wsgate.adapter.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.gate.OriginPolicy;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.TokenExtractors;
import dev.wsgate.testkit.Eventually;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** First-message authentication over real sockets. */
final class FirstMessageAuthenticationTest {
  private static final String ORIGIN = EmbeddedServer.ORIGIN;
  private static final Map<String, String> FROM_APP = Map.of("Origin", ORIGIN);

  private final List<String> seen = new CopyOnWriteArrayList<>();

  private EmbeddedServer start(Duration timeout, ConnectionLimits limits) {
    return EmbeddedServer.builder()
        .limits(limits)
        .handler(
            new ConnectionHandler() {
              @Override
              public void onOpen(Session s) {
                seen.add("open " + s.token().subject());
                s.send("hello " + s.token().subject());
              }

              @Override
              public void onText(Session s, String text) {
                seen.add("text " + text);
                s.send("echo " + text);
              }
            })
        .tenant(
            new TenantPolicy(
                "default",
                OriginPolicy.of(List.of(ORIGIN), false),
                List.of(TokenExtractors.query("token"), TokenExtractors.message(timeout)),
                new FakeTokenVerifier(),
                List.of(),
                TenantPolicy.DEFAULT_MAX_TOKEN_BYTES,
                Duration.ofSeconds(30)))
        .start();
  }

  private static String auth(String token) {
    return "{\"type\":\"wsgate.auth\",\"token\":\"" + token + "\"}";
  }

  @Test
  void firstFrame_validToken_acknowledgedBeforeTheHandlerSeesAnything() throws Exception {
    Instant exp = Instant.now().plusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    try (EmbeddedServer server = start(Duration.ofSeconds(5), ConnectionLimits.defaults())) {
      Clients.Recording c = new Clients.Recording(server.uri("/ws"), FROM_APP);
      assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
      assertThat(seen).isEmpty();
      c.send(auth(FakeTokenVerifier.token("alice", exp)));
      c.send("right after");
      assertThat(c.messages.poll(10, TimeUnit.SECONDS))
          .isEqualTo("{\"type\":\"wsgate.authenticated\",\"exp\":" + exp.getEpochSecond() + "}");
      assertThat(c.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("hello alice");
      assertThat(c.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("echo right after");
      assertThat(seen).containsExactly("open alice", "text right after");
      c.closeBlocking();
    }
  }

  @Test
  void firstFrame_refusedToken_closesWithItsCode() throws Exception {
    try (EmbeddedServer server = start(Duration.ofSeconds(5), ConnectionLimits.defaults())) {
      Clients.Recording bad = new Clients.Recording(server.uri("/ws"), FROM_APP);
      assertThat(bad.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
      bad.send(auth("not-a-token"));
      assertThat(bad.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4001);

      Clients.Recording expired = new Clients.Recording(server.uri("/ws"), FROM_APP);
      assertThat(expired.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
      expired.send(auth(FakeTokenVerifier.token("alice", Instant.now().minusSeconds(600))));
      assertThat(expired.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4002);
      assertThat(seen).isEmpty();
    }
  }

  @Test
  void firstFrame_anythingElse_closes4001AuthenticationRequired() throws Exception {
    try (EmbeddedServer server = start(Duration.ofSeconds(5), ConnectionLimits.defaults())) {
      Clients.Recording c = new Clients.Recording(server.uri("/ws"), FROM_APP);
      assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
      c.send("hello");
      assertThat(c.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
      assertThat(c.closeReason.get(10, TimeUnit.SECONDS)).isEqualTo("authentication required");
      assertThat(seen).isEmpty();
    }
  }

  @Test
  void noFrame_closedAtTheTimeout() throws Exception {
    try (EmbeddedServer server = start(Duration.ofMillis(800), ConnectionLimits.defaults())) {
      Clients.Recording c = new Clients.Recording(server.uri("/ws"), FROM_APP);
      assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
      assertThat(c.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
      assertThat(c.closeReason.get(1, TimeUnit.SECONDS)).isEqualTo("authentication required");
      assertThat(seen).isEmpty();
    }
  }

  @Test
  void pendingCaps_oneMoreUpgradeGets429_aSlotComesBackOnClose() throws Exception {
    try (EmbeddedServer server = start(Duration.ofSeconds(5), new ConnectionLimits(0, 0, 10, 1))) {
      Clients.Recording first = new Clients.Recording(server.uri("/ws"), FROM_APP);
      assertThat(first.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
      RawHttp.Response second =
          RawHttp.exchange(server.port, RawHttp.upgrade("/ws", "Origin: " + ORIGIN));
      assertThat(second.status()).isEqualTo(429);
      first.closeBlocking();
      // the server gives the slot back once it has seen the close, which may follow the client's
      assertThat(
              Eventually.holds(
                  Duration.ofSeconds(10), () -> server.server.getConnections().isEmpty()))
          .isTrue();
      RawHttp.Response third =
          RawHttp.exchangeKeepingOpen(server.port, RawHttp.upgrade("/ws", "Origin: " + ORIGIN));
      assertThat(third.status()).isEqualTo(101);
    }
  }

  @Test
  void upgradeWithoutToken_fromAnotherOrigin_is403() throws Exception {
    try (EmbeddedServer server = start(Duration.ofSeconds(5), ConnectionLimits.defaults())) {
      assertThat(
              RawHttp.exchange(
                      server.port, RawHttp.upgrade("/ws", "Origin: https://evil.example.com"))
                  .status())
          .isEqualTo(403);
    }
  }
}
