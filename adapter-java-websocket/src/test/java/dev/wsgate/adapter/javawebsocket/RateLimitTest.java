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
}
