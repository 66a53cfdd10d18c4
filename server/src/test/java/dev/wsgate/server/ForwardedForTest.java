package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.testkit.FakeTokenVerifier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code X-Forwarded-For} names the client for the failure limit only from trusted proxies. */
final class ForwardedForTest {
  private static final String ORIGIN = "Origin: " + TestServer.ORIGIN;

  private static Map<String, String> limited(String trustedProxies) {
    Map<String, String> p = new java.util.HashMap<>();
    p.put("wsgate.rate-limit.enabled", "true");
    p.put("wsgate.rate-limit.burst", "2");
    p.put("wsgate.rate-limit.per-minute", "1");
    p.put("wsgate.trusted-proxies", trustedProxies);
    return p;
  }

  private static int send(TestServer server, String token, String forwardedFor) throws Exception {
    return RawHttp.exchange(
            server.port,
            RawHttp.upgrade("/ws?token=" + token, ORIGIN, "X-Forwarded-For: " + forwardedFor))
        .status();
  }

  private static String valid() {
    return FakeTokenVerifier.token("v", Instant.now().plusSeconds(600));
  }

  @Test
  void trustedProxy_limitsEachForwardedClientSeparately() throws Exception {
    try (TestServer server = TestServer.start(limited("127.0.0.1"))) {
      assertThat(send(server, "bad", "203.0.113.7")).isEqualTo(401);
      assertThat(send(server, "bad", "203.0.113.7")).isEqualTo(401);

      assertThat(send(server, valid(), "203.0.113.7")).isEqualTo(429);
      assertThat(send(server, valid(), "203.0.113.8")).isEqualTo(101);
      // the client's own first entry is not believed: the proxy appended 203.0.113.7
      assertThat(send(server, valid(), "198.51.100.1, 203.0.113.7")).isEqualTo(429);
    }
  }

  @Test
  void untrustedPeer_cannotEscapeTheLimitByForgingTheHeader() throws Exception {
    try (TestServer server = TestServer.start(limited("10.0.0.0/8"))) {
      assertThat(send(server, "bad", "203.0.113.1")).isEqualTo(401);
      assertThat(send(server, "bad", "203.0.113.2")).isEqualTo(401);

      assertThat(send(server, valid(), "203.0.113.3")).isEqualTo(429);
    }
  }

  @Test
  void trustedProxy_logsTheForwardedClient() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (TestServer server = TestServer.start(Map.of("wsgate.trusted-proxies", "127.0.0.0/8"))) {
      send(server, "bad", "203.0.113.9");
    } finally {
      System.setErr(original);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains("handshake rejected status=401")
        .contains("client=203.0.113.9");
  }

  @Test
  void badTrustedProxyEntry_isAConfigurationProblemNamingTheKey() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> TestServer.start(Map.of("wsgate.trusted-proxies", "10.0.0.0/8,proxy.internal")))
        .hasMessageContaining("wsgate.trusted-proxies")
        .hasMessageContaining("proxy.internal");
  }
}
