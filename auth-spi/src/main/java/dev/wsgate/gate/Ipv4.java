package dev.wsgate.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * IPv4 hosts as the WHATWG URL standard reads them: a host whose last label is a number ({@code
 * 127.1}, {@code 0x7f.1}, {@code 4294967295}) is an IPv4 address in one of the shorthand, octal or
 * hexadecimal spellings, never a DNS name, and browsers serialize it as four decimal numbers.
 */
final class Ipv4 {
  private static final long TOO_BIG = 1L << 40;

  private Ipv4() {}

  /** Whether a URL parser reads {@code host} (ASCII, lower-case) as an IPv4 address. */
  static boolean endsInNumber(String host) {
    List<String> parts = new ArrayList<>(List.of(host.split("\\.", -1)));
    if (parts.get(parts.size() - 1).isEmpty()) {
      if (parts.size() == 1) {
        return false;
      }
      parts.remove(parts.size() - 1);
    }
    String last = parts.get(parts.size() - 1);
    if (!last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return true;
    }
    return number(last).isPresent();
  }

  /**
   * The address as browsers write it ({@code 127.0.0.1}), or empty when {@code host} is not a valid
   * IPv4 address in any spelling (then a browser refuses the URL).
   */
  static Optional<String> serialize(String host) {
    List<String> parts = new ArrayList<>(List.of(host.split("\\.", -1)));
    if (parts.get(parts.size() - 1).isEmpty() && parts.size() > 1) {
      parts.remove(parts.size() - 1);
    }
    if (parts.size() > 4) {
      return Optional.empty();
    }
    long[] numbers = new long[parts.size()];
    for (int i = 0; i < numbers.length; i++) {
      OptionalLong n = number(parts.get(i));
      if (n.isEmpty()) {
        return Optional.empty();
      }
      numbers[i] = n.getAsLong();
    }
    for (int i = 0; i < numbers.length - 1; i++) {
      if (numbers[i] > 255) {
        return Optional.empty();
      }
    }
    int n = numbers.length;
    if (numbers[n - 1] >= 1L << (8 * (5 - n))) {
      return Optional.empty();
    }
    long address = numbers[n - 1];
    for (int i = 0; i < n - 1; i++) {
      address += numbers[i] << (8 * (3 - i));
    }
    return Optional.of(
        (address >> 24)
            + "."
            + ((address >> 16) & 255)
            + "."
            + ((address >> 8) & 255)
            + "."
            + (address & 255));
  }

  /** Whether {@code host} is an IPv4 address written as browsers write it. */
  static boolean isSerialized(String host) {
    return serialize(host).filter(host::equals).isPresent();
  }

  /**
   * One part: decimal, octal with a leading {@code 0}, or hexadecimal with {@code 0x} ({@code 0x}
   * alone is 0); values past 2^40 are capped, which is past every limit the parser checks.
   */
  private static OptionalLong number(String part) {
    if (part.isEmpty()) {
      return OptionalLong.empty();
    }
    int radix = 10;
    String digits = part;
    if (part.length() >= 2 && (part.startsWith("0x") || part.startsWith("0X"))) {
      radix = 16;
      digits = part.substring(2);
    } else if (part.length() >= 2 && part.charAt(0) == '0') {
      radix = 8;
      digits = part.substring(1);
    }
    long value = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      int d = c < 0x80 ? Character.digit(c, radix) : -1;
      if (d < 0) {
        return OptionalLong.empty();
      }
      value = Math.min(TOO_BIG, value * radix + d);
    }
    return OptionalLong.of(value);
  }
}
