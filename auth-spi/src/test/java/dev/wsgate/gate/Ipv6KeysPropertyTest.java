package dev.wsgate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The hand-written IPv6 parser behind the limiter's keys agrees with the JDK's: every way of
 * writing an address (full, zero-compressed anywhere, upper case, leading zeros, a dotted IPv4
 * tail, brackets) gives the key the JDK's parse gives, and what the JDK refuses stays unchanged.
 */
final class Ipv6KeysPropertyTest {

  @Property
  void key_anySpellingOfAnAddress_agreesWithTheJdk(
      @ForAll("addresses") int[] groups,
      @ForAll @IntRange(min = -1, max = 7) int compressFrom,
      @ForAll @IntRange(min = 1, max = 8) int compressLength,
      @ForAll boolean upper,
      @ForAll boolean leadingZeros,
      @ForAll boolean dottedTail,
      @ForAll boolean brackets,
      @ForAll @IntRange(min = 1, max = 128) int prefix)
      throws UnknownHostException {
    String text =
        spell(groups, compressFrom, compressLength, upper, leadingZeros, dottedTail, brackets);

    assertThat(Ipv6Keys.key(text, prefix)).as(text).isEqualTo(jdkKey(text, prefix));
  }

  @Provide
  Arbitrary<int[]> addresses() {
    Arbitrary<Integer> group =
        Arbitraries.oneOf(
            Arbitraries.just(0),
            Arbitraries.just(0xffff),
            Arbitraries.integers().between(0, 0xffff));
    Arbitrary<int[]> any = group.array(int[].class).ofSize(8);
    Arbitrary<int[]> mapped =
        Arbitraries.integers()
            .between(0, 0xffff)
            .array(int[].class)
            .ofSize(2)
            .map(t -> new int[] {0, 0, 0, 0, 0, 0xffff, t[0], t[1]});
    return Arbitraries.oneOf(any, mapped);
  }

  @Example
  void key_notAnAddress_staysUnchanged() {
    for (String s :
        new String[] {
          "1:2:3:4:5:6:7",
          "1:2:3:4:5:6:7:8:9",
          "1::2::3",
          "12345::",
          "1:2:3:4:5:6:7::8",
          "::1.2.3",
          "::1.2.3.256",
          "::1.2.3.4.5",
          "1:2:3:4:5:6:7:1.2.3.4",
          ":1::",
          "1:",
          ":::",
          "::g",
          "[::1",
          "1.2.3.4:80",
          "host.example:443",
        }) {
      assertThat(Ipv6Keys.key(s, 64)).as(s).isEqualTo(s);
      assertThatThrownBy(() -> InetAddress.getByName(s.replace("host.example", "1.2.3.4")))
          .as("the JDK agrees that %s is no address", s)
          .isInstanceOf(UnknownHostException.class);
    }
  }

  @Example
  void key_zone_isDropped() {
    assertThat(Ipv6Keys.key("fe80::1%eth0", 64)).isEqualTo("fe80:0:0:0:0:0:0:0/64");
    assertThat(Ipv6Keys.key("[fe80::1%2]", 128)).isEqualTo("fe80:0:0:0:0:0:0:1/128");
  }

  private static String spell(
      int[] g,
      int compressFrom,
      int compressLength,
      boolean upper,
      boolean leadingZeros,
      boolean dottedTail,
      boolean brackets) {
    int groupsAsHex = dottedTail ? 6 : 8;
    int from = compressFrom;
    int to = Math.min(groupsAsHex, compressFrom + compressLength);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < groupsAsHex; i++) {
      if (from >= 0 && from < to && i >= from && i < to) {
        if (i == from) {
          b.append(i == 0 ? "::" : ":");
        }
        continue;
      }
      String h =
          leadingZeros ? String.format(Locale.ROOT, "%04x", g[i]) : Integer.toHexString(g[i]);
      b.append(upper ? h.toUpperCase(Locale.ROOT) : h);
      if (i < groupsAsHex - 1 || dottedTail) {
        b.append(':');
      }
    }
    if (dottedTail) {
      b.append(g[6] >>> 8).append('.').append(g[6] & 0xff).append('.');
      b.append(g[7] >>> 8).append('.').append(g[7] & 0xff);
    }
    return brackets ? "[" + b + "]" : b.toString();
  }

  private static String jdkKey(String text, int prefix) throws UnknownHostException {
    String v = text.startsWith("[") ? text.substring(1, text.length() - 1) : text;
    InetAddress a = InetAddress.getByName(v);
    if (a instanceof Inet4Address) {
      return a.getHostAddress();
    }
    byte[] bytes = a.getAddress();
    for (int bit = prefix; bit < 128; bit++) {
      bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return InetAddress.getByAddress(bytes).getHostAddress() + "/" + prefix;
  }
}
