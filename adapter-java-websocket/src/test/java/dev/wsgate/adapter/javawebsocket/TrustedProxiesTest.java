package dev.wsgate.adapter.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsgate.adapter.javawebsocket.internal.upgrade.TrustedProxies;
import dev.wsgate.testkit.RawHttp;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

final class TrustedProxiesTest {

  private static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  @Test
  void clientAddress_trustedPeer_takesRightmostUntrustedHop() throws Exception {
    TrustedProxies p = TrustedProxies.parse(List.of("10.0.0.0/8", "192.0.2.1"));

    assertThat(p.clientAddress(ip("10.1.2.3"), "203.0.113.9, 198.51.100.4, 192.0.2.1"))
        .isEqualTo("198.51.100.4");
    // two X-Forwarded-For fields arrive joined with ", "
    assertThat(p.clientAddress(ip("10.1.2.3"), "203.0.113.9, 10.9.9.9")).isEqualTo("203.0.113.9");
    // ";" separates nothing in this header: the hop is garbage, the peer stays the client
    assertThat(p.clientAddress(ip("10.1.2.3"), "203.0.113.9; 10.9.9.9")).isEqualTo("10.1.2.3");
  }

  @Test
  void clientAddress_untrustedPeer_ignoresTheHeader() throws Exception {
    TrustedProxies p = TrustedProxies.parse(List.of("10.0.0.0/8"));

    assertThat(p.clientAddress(ip("198.51.100.4"), "203.0.113.9")).isEqualTo("198.51.100.4");
  }

  @Test
  void clientAddress_garbageHop_staysWithTheLastVouchedAddress() throws Exception {
    TrustedProxies p = TrustedProxies.parse(List.of("10.0.0.1"));

    assertThat(p.clientAddress(ip("10.0.0.1"), "evil.example.com")).isEqualTo("10.0.0.1");
  }

  @Test
  void parse_hostName_isRejectedWithoutLookup() {
    assertThatThrownBy(() -> TrustedProxies.parse(List.of("proxy.internal")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("proxy.internal");
    assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/33")))
        .hasMessageContaining("prefix length");
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
