package dev.wsgate.gate;

import dev.wsgate.internal.HexDigit;

/**
 * The rate-limit key of an address that contains a colon (see {@link FailureRateLimiter}): an IPv6
 * literal (RFC 4291 text: groups of one to four hex digits, one {@code ::}, an optional dotted IPv4
 * tail; brackets and a zone are dropped) becomes its first {@code prefix} bits, an IPv4-mapped one
 * its IPv4 address, anything else stays as it is. Parsed by hand rather than through {@link
 * java.net.InetAddress}: the gate keys every failed handshake, and only the prefix is needed.
 */
final class Ipv6Keys {
  private Ipv6Keys() {}

  static String key(String address, int prefix) {
    int from = 0;
    int to = address.length();
    if (to > 1 && address.charAt(0) == '[' && address.charAt(to - 1) == ']') {
      from = 1;
      to--;
    }
    int zone = address.indexOf('%', from);
    if (zone >= 0 && zone < to) {
      to = zone; // one interface's scope: the same host for the limit
    }
    int[] groups = parse(address, from, to);
    if (groups == null) {
      return address;
    }
    if (groups[0] == 0
        && groups[1] == 0
        && groups[2] == 0
        && groups[3] == 0
        && groups[4] == 0
        && groups[5] == 0xffff) {
      return (groups[6] >>> 8)
          + "."
          + (groups[6] & 0xff)
          + "."
          + (groups[7] >>> 8)
          + "."
          + (groups[7] & 0xff);
    }
    StringBuilder key = new StringBuilder(44);
    for (int g = 0; g < 8; g++) {
      int keep = Math.max(0, Math.min(16, prefix - 16 * g));
      int mask = keep == 0 ? 0 : (0xffff << (16 - keep)) & 0xffff;
      if (g > 0) {
        key.append(':');
      }
      appendHex(key, groups[g] & mask);
    }
    return key.append('/').append(prefix).toString();
  }

  /** The eight 16-bit groups of {@code s[from, to)}, or null when it is not an IPv6 literal. */
  static int[] parse(String s, int from, int to) {
    int[] groups = new int[8];
    int n = 0;
    int gap = -1; // the group index where "::" stands
    int i = from;
    if (to - from >= 2 && s.charAt(i) == ':' && s.charAt(i + 1) == ':') {
      gap = 0;
      i += 2;
    }
    while (i < to) {
      int end = i;
      int value = 0;
      while (end < to && end - i < 5 && HexDigit.of(s.charAt(end)) >= 0) {
        value = (value << 4) | HexDigit.of(s.charAt(end));
        end++;
      }
      if (end < to && s.charAt(end) == '.') {
        return n <= 6 && ipv4Tail(s, i, to, groups, n) ? expand(groups, n + 2, gap) : null;
      }
      if (end == i || end - i > 4 || n == 8) {
        return null;
      }
      groups[n++] = value;
      if (end == to) {
        break;
      }
      if (s.charAt(end) != ':') {
        return null;
      }
      i = end + 1;
      if (i < to && s.charAt(i) == ':') {
        if (gap >= 0) {
          return null;
        }
        gap = n;
        i++;
      } else if (i == to) {
        return null; // a single trailing colon
      }
    }
    return expand(groups, n, gap);
  }

  /** Moves the groups after {@code gap} to the end; null when the count does not add up. */
  private static int[] expand(int[] groups, int n, int gap) {
    if (gap < 0) {
      return n == 8 ? groups : null;
    }
    if (n > 7) {
      return null;
    }
    int tail = n - gap;
    System.arraycopy(groups, gap, groups, 8 - tail, tail);
    java.util.Arrays.fill(groups, gap, 8 - tail, 0);
    return groups;
  }

  /** Parses a dotted IPv4 address in {@code s[i, to)} into groups {@code n} and {@code n + 1}. */
  private static boolean ipv4Tail(String s, int i, int to, int[] groups, int n) {
    int[] octets = new int[4];
    int k = 0;
    int start = i;
    for (int j = i; j <= to; j++) {
      if (j == to || s.charAt(j) == '.') {
        if (k == 4 || j == start || j - start > 3) {
          return false;
        }
        int v = 0;
        for (int d = start; d < j; d++) {
          char c = s.charAt(d);
          if (c < '0' || c > '9') {
            return false;
          }
          v = v * 10 + (c - '0');
        }
        if (v > 255) {
          return false;
        }
        octets[k++] = v;
        start = j + 1;
      }
    }
    if (k != 4) {
      return false;
    }
    groups[n] = (octets[0] << 8) | octets[1];
    groups[n + 1] = (octets[2] << 8) | octets[3];
    return true;
  }

  /** Appends {@code v} (16 bits) in lower-case hex without leading zeros, as the JDK writes it. */
  private static void appendHex(StringBuilder b, int v) {
    boolean started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      int digit = (v >>> shift) & 0xf;
      if (digit != 0 || started || shift == 0) {
        b.append(Character.forDigit(digit, 16));
        started = true;
      }
    }
  }
}
