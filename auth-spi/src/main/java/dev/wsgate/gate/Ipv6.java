package dev.wsgate.gate;

import dev.wsgate.internal.HexDigit;
import java.util.Optional;

/**
 * IPv6 hosts as the WHATWG URL standard reads them ({@code [0:0::1]}, {@code [::127.0.0.1]}) and
 * serializes them: RFC 5952's compressed, lower-case form ({@code [::1]}, {@code [::7f00:1]}).
 */
final class Ipv6 {
  private Ipv6() {}

  /**
   * The bracketed address as browsers write it, or empty when {@code host} ({@code [...]}) is not
   * an IPv6 address (zone identifiers, which browsers refuse, included).
   */
  static Optional<String> serialize(String host) {
    if (host.length() < 2 || host.charAt(0) != '[' || host.charAt(host.length() - 1) != ']') {
      return Optional.empty();
    }
    int[] pieces = parse(host.substring(1, host.length() - 1));
    return pieces == null ? Optional.empty() : Optional.of("[" + write(pieces) + "]");
  }

  /** Whether {@code host} is a bracketed IPv6 address written as browsers write it. */
  static boolean isSerialized(String host) {
    return serialize(host).filter(host::equals).isPresent();
  }

  /** The eight 16-bit pieces, or null; the steps of the standard's IPv6 parser. */
  private static int[] parse(String s) {
    int[] address = new int[8];
    int piece = 0;
    int compress = -1;
    int i = 0;
    int n = s.length();
    if (i < n && s.charAt(i) == ':') {
      if (i + 1 >= n || s.charAt(i + 1) != ':') {
        return null;
      }
      i += 2;
      piece++;
      compress = piece;
    }
    while (i < n) {
      if (piece == 8) {
        return null;
      }
      if (s.charAt(i) == ':') {
        if (compress != -1) {
          return null;
        }
        i++;
        piece++;
        compress = piece;
        continue;
      }
      int value = 0;
      int length = 0;
      while (length < 4 && i < n && HexDigit.of(s.charAt(i)) >= 0) {
        value = value * 16 + HexDigit.of(s.charAt(i));
        i++;
        length++;
      }
      if (i < n && s.charAt(i) == '.') {
        if (length == 0 || piece > 6) {
          return null;
        }
        return embeddedIpv4(s, i - length, address, piece, compress);
      }
      if (i < n && s.charAt(i) == ':') {
        i++;
        if (i >= n) {
          return null;
        }
      } else if (i < n) {
        return null;
      }
      address[piece++] = value;
    }
    return compressed(address, piece, compress);
  }

  /** The dotted IPv4 tail of an IPv6 address: exactly four decimal numbers, no leading zeros. */
  private static int[] embeddedIpv4(String s, int i, int[] address, int piece, int compress) {
    int seen = 0;
    while (i < s.length()) {
      if (seen > 0) {
        if (s.charAt(i) != '.' || seen >= 4) {
          return null;
        }
        i++;
      }
      if (i >= s.length() || !isDigit(s.charAt(i))) {
        return null;
      }
      int number = -1;
      while (i < s.length() && isDigit(s.charAt(i))) {
        int d = s.charAt(i) - '0';
        if (number == 0) {
          return null;
        }
        number = number < 0 ? d : number * 10 + d;
        if (number > 255) {
          return null;
        }
        i++;
      }
      address[piece] = address[piece] * 0x100 + number;
      seen++;
      if (seen == 2 || seen == 4) {
        piece++;
      }
    }
    return seen == 4 ? compressed(address, piece, compress) : null;
  }

  /** Moves the pieces after {@code ::} to the end; null when there are not eight pieces. */
  private static int[] compressed(int[] address, int piece, int compress) {
    if (compress == -1) {
      return piece == 8 ? address : null;
    }
    int swaps = piece - compress;
    int at = 7;
    while (at != 0 && swaps > 0) {
      int t = address[at];
      address[at] = address[compress + swaps - 1];
      address[compress + swaps - 1] = t;
      at--;
      swaps--;
    }
    return address;
  }

  /** RFC 5952: lower-case hex without leading zeros, the first longest run of 2+ zeros as "::". */
  private static String write(int[] address) {
    int best = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && address[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        best = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == best) {
        out.append(i == 0 ? "::" : ":");
        i += bestLength - 1;
        continue;
      }
      out.append(Integer.toHexString(address[i]));
      if (i < 7) {
        out.append(':');
      }
    }
    return out.toString();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
