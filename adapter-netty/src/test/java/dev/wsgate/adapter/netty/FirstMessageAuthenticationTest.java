package dev.wsgate.adapter.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.OriginPolicy;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.TokenExtractors;
import dev.wsgate.testkit.Eventually;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** First-message authentication on a real Netty server, with real clients over real sockets. */
final class FirstMessageAuthenticationTest {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Map<String, String> FROM_APP = Map.of("Origin", NettyServer.ORIGIN);

  private static NettyServer start(Duration timeout, NettyGateConfig config) {
    HandshakeGate gate =
        HandshakeGate.builder()
            .tenant(
                new TenantPolicy(
                    "default",
                    OriginPolicy.of(List.of(NettyServer.ORIGIN), false),
                    List.of(TokenExtractors.query("token"), TokenExtractors.message(timeout)),
                    new FakeTokenVerifier(),
                    List.of(),
                    TenantPolicy.DEFAULT_MAX_TOKEN_BYTES,
                    Duration.ofSeconds(30)))
            .clock(CLOCK)
            .build();
    return NettyServer.start(new WsgateNetty(gate, config, CLOCK), 2);
  }

  private static NettyServer start(Duration timeout) {
    return start(timeout, NettyGateConfig.defaults("/ws"));
  }

  private static Clients.Recording connect(NettyServer server) throws Exception {
    Clients.Recording c = new Clients.Recording(server.uri("/ws"), FROM_APP);
    assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
    return c;
  }

  private static String auth(String token) {
    return "{\"type\":\"wsgate.auth\",\"token\":\"" + token + "\"}";
  }

  @Test
  void firstFrame_validToken_acknowledgedThenTheApplicationSeesTheHeldFrames() throws Exception {
    Instant exp = NOW.plusSeconds(600);
    try (NettyServer server = start(Duration.ofSeconds(5))) {
      Clients.Recording c = connect(server);
      assertThat(server.wsgate.openSessions()).isZero();

      c.send(auth(FakeTokenVerifier.token("alice", exp)));
      c.send("whoami");

      assertThat(c.messages.poll(10, TimeUnit.SECONDS))
          .isEqualTo("{\"type\":\"wsgate.authenticated\",\"exp\":" + exp.getEpochSecond() + "}");
      assertThat(c.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("alice");
      assertThat(server.wsgate.openSessions()).isEqualTo(1);
      assertThat(server.wsgate.openConnections()).isEqualTo(1);
      c.closeBlocking();
    }
  }

  @Test
  void firstFrame_refusedToken_closesWithItsCode_expiredIs4002() throws Exception {
    try (NettyServer server = start(Duration.ofSeconds(5))) {
      Clients.Recording bad = connect(server);
      bad.send(auth("not-a-token"));
      assertThat(bad.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
      assertThat(bad.messages).isEmpty();

      Clients.Recording expired = connect(server);
      expired.send(auth(FakeTokenVerifier.token("alice", NOW.minusSeconds(600))));
      assertThat(expired.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4002);
      assertThat(expired.messages).isEmpty();
      assertThat(server.wsgate.openConnections()).isZero();
    }
  }

  @Test
  void firstFrame_applicationText_closes4001WithoutReachingTheApplication() throws Exception {
    try (NettyServer server = start(Duration.ofSeconds(5))) {
      Clients.Recording c = connect(server);
      c.send("whoami");
      assertThat(c.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
      assertThat(c.closeReason.get(1, TimeUnit.SECONDS)).isEqualTo("authentication required");
      assertThat(c.messages).isEmpty(); // the echo application never answered
    }
  }

  @Test
  void firstFrame_binary_closes4001() throws Exception {
    try (NettyServer server = start(Duration.ofSeconds(5))) {
      Clients.Recording c = connect(server);
      c.send(auth(FakeTokenVerifier.token("alice", NOW.plusSeconds(600))).getBytes());
      assertThat(c.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
      assertThat(c.messages).isEmpty();
    }
  }

  @Test
  void firstFrame_largerThanMaxFrameBytes_closes1009() throws Exception {
    NettyGateConfig small =
        new NettyGateConfig(
            java.util.Set.of("/ws"),
            NettyGateConfig.DEFAULT_HANDSHAKE_TIMEOUT,
            NettyGateConfig.DEFAULT_HANDSHAKE_MAX_BYTES,
            1024,
            2,
            dev.wsgate.session.SessionPolicy.defaults());
    try (NettyServer server = start(Duration.ofSeconds(5), small)) {
      Clients.Recording c = connect(server);
      c.send(auth("x".repeat(2000)));
      assertThat(c.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
      assertThat(c.messages).isEmpty();
    }
  }

  @Test
  void noFrame_closedAtTheTenantsTimeout() throws Exception {
    try (NettyServer server = start(Duration.ofMillis(300))) {
      Clients.Recording c = connect(server);
      assertThat(c.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
      assertThat(c.closeReason.get(1, TimeUnit.SECONDS)).isEqualTo("authentication required");
      assertThat(c.messages).isEmpty();
    }
  }

  @Test
  void authenticatedByFirstMessage_tokenExpires_closedWith4002() throws Exception {
    try (NettyServer server = start(Duration.ofSeconds(5))) {
      Clients.Recording c = connect(server);
      c.send(auth(FakeTokenVerifier.token("bob", NOW.plusSeconds(2))));
      assertThat(c.messages.poll(10, TimeUnit.SECONDS))
          .startsWith("{\"type\":\"wsgate.authenticated\"");

      assertThat(c.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(4002);
      assertThat(c.closeReason.get()).isEqualTo("token expired");
    }
  }

  @Test
  void pendingCaps_oneMoreUpgradeGets429_aSlotComesBackOnClose() throws Exception {
    NettyGateConfig capped = NettyGateConfig.defaults("/ws").withPendingAuthentications(10, 1);
    try (NettyServer server = start(Duration.ofSeconds(5), capped)) {
      Clients.Recording first = connect(server);
      RawHttp.Response second =
          RawHttp.exchange(server.port, RawHttp.upgrade("/ws", "Origin: " + NettyServer.ORIGIN));
      assertThat(second.status()).isEqualTo(429);
      first.closeBlocking();
      // the server gives the slot back once it has seen the close, which may follow the client's
      assertThat(
              Eventually.holds(
                  Duration.ofSeconds(10), () -> server.wsgate.pending().pending() == 0))
          .isTrue();
      RawHttp.Response third =
          RawHttp.exchangeKeepingOpen(
              server.port, RawHttp.upgrade("/ws", "Origin: " + NettyServer.ORIGIN));
      assertThat(third.status()).isEqualTo(101);
    }
  }
}
