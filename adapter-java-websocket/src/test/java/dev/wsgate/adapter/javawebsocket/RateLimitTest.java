package dev.wsgate.adapter.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.time.Instant;
import org.junit.jupiter.api.Test;

final class RateLimitTest {

  @Test
  void address_afterBurstOfFailures_gets429WithRetryAfterEvenWithValidToken() throws Exception {
    try (EmbeddedServer server = EmbeddedServer.builder().rateLimit(3, 1).start()) {
      String origin = "Origin: " + EmbeddedServer.ORIGIN;
      for (int i = 0; i < 3; i++) {
        assertThat(RawHttp.exchange(server.port, RawHttp.upgrade("/ws?token=bad", origin)).status())
            .isEqualTo(401);
      }
      String valid = FakeTokenVerifier.token("v", Instant.now().plusSeconds(600));

      RawHttp.Response r =
          RawHttp.exchange(server.port, RawHttp.upgrade("/ws?token=" + valid, origin));

      assertThat(r.status()).isEqualTo(429);
      assertThat(Integer.parseInt(r.header("retry-after"))).isBetween(1, 60);
      assertThat(r.closed()).isTrue();
    }
  }

  @Test
  void providerOutages_doNotCountAgainstTheClient() throws Exception {
    try (EmbeddedServer server = EmbeddedServer.builder().rateLimit(2, 1).start()) {
      String origin = "Origin: " + EmbeddedServer.ORIGIN;
      for (int i = 0; i < 3; i++) {
        RawHttp.exchange(
            server.port, RawHttp.upgrade("/ws?token=fail.PROVIDER_UNAVAILABLE", origin));
      }
      String valid = FakeTokenVerifier.token("v", Instant.now().plusSeconds(600));

      RawHttp.Response r =
          RawHttp.exchange(server.port, RawHttp.upgrade("/ws?token=" + valid, origin));

      assertThat(r.status()).isEqualTo(101);
    }
  }

  @Test
  void address_thousandExpiredTokens_stillAcceptsAValidOne() throws Exception {
    try (EmbeddedServer server = EmbeddedServer.builder().rateLimit().start()) {
      String origin = "Origin: " + EmbeddedServer.ORIGIN;
      String expired = FakeTokenVerifier.token("nat", Instant.now().minusSeconds(60));
      for (int i = 0; i < 1_000; i++) {
        RawHttp.Response r =
            RawHttp.exchange(server.port, RawHttp.upgrade("/ws?token=" + expired, origin));
        assertThat(r.status()).as("upgrade %d", i).isEqualTo(401);
      }
      String valid = FakeTokenVerifier.token("v", Instant.now().plusSeconds(600));

      RawHttp.Response r =
          RawHttp.exchange(server.port, RawHttp.upgrade("/ws?token=" + valid, origin));

      assertThat(r.status()).isEqualTo(101);
    }
  }

  @Test
  void ipv6Clients_shareTheBudgetOfTheirSlash64() throws Exception {
    try (EmbeddedServer server =
        EmbeddedServer.builder().rateLimit(2, 1).trustedProxies("127.0.0.1").start()) {
      assertThat(send(server, "bad", "2001:db8:1:2::1")).isEqualTo(401);
      assertThat(send(server, "bad", "2001:db8:1:2::2")).isEqualTo(401);

      assertThat(send(server, "bad", "2001:db8:1:2:ffff::3")).isEqualTo(429);
      assertThat(send(server, "bad", "::ffff:203.0.113.7")).isEqualTo(401);
      assertThat(send(server, "bad", "2001:db8:1:3::1")).isEqualTo(401);
    }
  }

  @Test
  void ipv6Prefix128_limitsEachAddressApart() throws Exception {
    try (EmbeddedServer server =
        EmbeddedServer.builder().rateLimit(1, 1, 128).trustedProxies("127.0.0.1").start()) {
      assertThat(send(server, "bad", "2001:db8:1:2::1")).isEqualTo(401);
      assertThat(send(server, "bad", "2001:db8:1:2::1")).isEqualTo(429);

      assertThat(send(server, "bad", "2001:db8:1:2::2")).isEqualTo(401);
    }
  }

  private static int send(EmbeddedServer server, String token, String forwardedFor)
      throws Exception {
    return RawHttp.exchange(
            server.port,
            RawHttp.upgrade(
                "/ws?token=" + token,
                "Origin: " + EmbeddedServer.ORIGIN,
                "X-Forwarded-For: " + forwardedFor))
        .status();
  }
}
