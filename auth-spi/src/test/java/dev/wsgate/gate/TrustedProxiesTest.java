package dev.wsgate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
