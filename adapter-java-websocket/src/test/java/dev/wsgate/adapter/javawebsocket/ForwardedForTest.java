package dev.wsgate.adapter.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@code X-Forwarded-For} over real sockets, beyond {@code TrustedProxiesTest} (auth-spi): a client
 * cannot pick its address by writing the first entry itself, and logs name the forwarded client.
 */
final class ForwardedForTest {
  private static final String ORIGIN = "Origin: " + EmbeddedServer.ORIGIN;

  private static int send(EmbeddedServer server, String token, String forwardedFor)
      throws Exception {
    return RawHttp.exchange(
            server.port,
            RawHttp.upgrade("/ws?token=" + token, ORIGIN, "X-Forwarded-For: " + forwardedFor))
        .status();
  }

  @Test
  void trustedProxy_clientWritingTheFirstEntryItself_isStillLimitedUnderItsRealAddress()
      throws Exception {
    try (EmbeddedServer server =
        EmbeddedServer.builder().rateLimit(2, 1).trustedProxies("127.0.0.1").start()) {
      assertThat(send(server, "bad", "203.0.113.7")).isEqualTo(401);
      assertThat(send(server, "bad", "203.0.113.7")).isEqualTo(401);
      String valid = FakeTokenVerifier.token("v", Instant.now().plusSeconds(600));

      // the proxy appended 203.0.113.7; the client wrote 198.51.100.1 to look like someone else
      assertThat(send(server, valid, "198.51.100.1, 203.0.113.7")).isEqualTo(429);
      assertThat(send(server, valid, "203.0.113.8")).isEqualTo(101);
    }
  }

  @Test
  void trustedProxy_logsTheForwardedClient() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (EmbeddedServer server = EmbeddedServer.builder().trustedProxies("127.0.0.0/8").start()) {
      send(server, "bad", "203.0.113.9");
    } finally {
      System.setErr(original);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains("handshake rejected status=401")
        .contains("client=203.0.113.9");
  }

  @Test
  void rateLimit_behindTrustedProxy_countsPerForwardedClient() throws Exception {
    try (EmbeddedServer server =
        EmbeddedServer.builder().rateLimit(2, 1).trustedProxies("127.0.0.1").start()) {
      String origin = "Origin: " + EmbeddedServer.ORIGIN;
      for (int i = 0; i < 2; i++) {
        RawHttp.exchange(
            server.port, RawHttp.upgrade("/ws?token=bad", origin, "X-Forwarded-For: 203.0.113.7"));
      }

      RawHttp.Response attacker =
          RawHttp.exchange(
              server.port,
              RawHttp.upgrade("/ws?token=bad", origin, "X-Forwarded-For: 203.0.113.7"));
      RawHttp.Response other =
          RawHttp.exchange(
              server.port,
              RawHttp.upgrade("/ws?token=bad", origin, "X-Forwarded-For: 203.0.113.8"));

      assertThat(attacker.status()).isEqualTo(429);
      assertThat(other.status()).isEqualTo(401);
    }
  }

  @Test
  void rateLimit_untrustedPeer_forwardedForCannotDodgeTheLimit() throws Exception {
    try (EmbeddedServer server = EmbeddedServer.builder().rateLimit(2, 1).start()) {
      String origin = "Origin: " + EmbeddedServer.ORIGIN;
      for (int i = 0; i < 2; i++) {
        RawHttp.exchange(
            server.port,
            RawHttp.upgrade("/ws?token=bad", origin, "X-Forwarded-For: 203.0.113." + i));
      }

      RawHttp.Response r =
          RawHttp.exchange(
              server.port,
              RawHttp.upgrade("/ws?token=bad", origin, "X-Forwarded-For: 203.0.113.99"));

      assertThat(r.status()).isEqualTo(429);
    }
  }
}
