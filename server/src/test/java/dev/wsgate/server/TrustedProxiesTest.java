package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class TrustedProxiesTest {
  private static final TrustedProxies PROXIES =
      TrustedProxies.parse(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8", "172.16.0.0/12"));

  private static InetAddress ip(String literal) {
    return TrustedProxies.literal(literal).orElseThrow();
  }

  @Test
  void clientAddress_untrustedPeer_ignoresForwardedFor() {
    assertThat(PROXIES.clientAddress(ip("203.0.113.9"), "198.51.100.1")).isEqualTo("203.0.113.9");
  }

  @Test
  void clientAddress_noProxiesConfigured_ignoresForwardedFor() {
    assertThat(TrustedProxies.none().clientAddress(ip("10.0.0.1"), "198.51.100.1"))
        .isEqualTo("10.0.0.1");
  }

  @Test
  void clientAddress_trustedPeer_takesTheRightmostUntrustedHop() {
    // the client wrote the first entry itself; only what trusted proxies appended counts
    assertThat(PROXIES.clientAddress(ip("10.1.2.3"), "6.6.6.6, 198.51.100.1, 10.9.9.9"))
        .isEqualTo("198.51.100.1");
  }

  @Test
  void clientAddress_repeatedHeadersJoinedBySemicolon_readsThemInOrder() {
    assertThat(PROXIES.clientAddress(ip("192.168.1.7"), "6.6.6.6; 198.51.100.2"))
        .isEqualTo("198.51.100.2");
  }

  @Test
  void clientAddress_trustedPeerWithoutHeader_isThePeer() {
    assertThat(PROXIES.clientAddress(ip("10.1.2.3"), "")).isEqualTo("10.1.2.3");
  }

  @Test
  void clientAddress_garbageHop_stopsAtTheLastGoodHop() {
    assertThat(PROXIES.clientAddress(ip("10.1.2.3"), "198.51.100.1, evil.example.com, 10.2.2.2"))
        .isEqualTo("10.2.2.2");
    assertThat(PROXIES.clientAddress(ip("10.1.2.3"), "unknown")).isEqualTo("10.1.2.3");
  }

  @Test
  void clientAddress_hopsWithPortsAndIpv6_areParsed() {
    assertThat(PROXIES.clientAddress(ip("10.1.2.3"), "198.51.100.1:4711"))
        .isEqualTo("198.51.100.1");
    assertThat(PROXIES.clientAddress(ip("fd00::1"), "[2001:db8::5]:443"))
        .isEqualTo("2001:db8:0:0:0:0:0:5");
    assertThat(PROXIES.clientAddress(ip("fd12::1"), "2001:db8::6"))
        .isEqualTo("2001:db8:0:0:0:0:0:6");
  }

  @Test
  void clientAddress_everyHopTrusted_isTheLeftmost() {
    assertThat(PROXIES.clientAddress(ip("10.1.2.3"), "172.16.5.5, 10.3.3.3"))
        .isEqualTo("172.16.5.5");
  }

  @Test
  void isTrusted_cidrBoundaries() {
    TrustedProxies p = TrustedProxies.parse(List.of("172.16.0.0/12", "0.0.0.0/0"));
    assertThat(p.isTrusted(ip("1.2.3.4"))).isTrue();
    TrustedProxies q = TrustedProxies.parse(List.of("172.16.0.0/12"));
    assertThat(q.isTrusted(ip("172.31.255.255"))).isTrue();
    assertThat(q.isTrusted(ip("172.32.0.0"))).isFalse();
    assertThat(q.isTrusted(ip("::1"))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "proxy.internal",
        "10.0.0.0/33",
        "1",
        "10.0.0",
        "256.1.1.1",
        "10.0.0.0/x",
        "::1/129"
      })
  void parse_notAnAddressOrCidr_throwsNamingTheEntry(String entry) {
    assertThatThrownBy(() -> TrustedProxies.parse(List.of(entry)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(entry.split("/")[0]);
  }
}
