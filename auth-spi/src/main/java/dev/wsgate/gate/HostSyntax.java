package dev.wsgate.gate;

import dev.wsgate.internal.HexDigit;
import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * Hosts of origins as browsers read and write them (the WHATWG URL standard's host parser): IPv4 in
 * every spelling becomes four decimal numbers, IPv6 is compressed, DNS names are lower-case ASCII
 * with internationalized labels in Punycode.
 */
final class HostSyntax {
  private HostSyntax() {}

  /**
   * What a browser makes of an allowlist entry's host, and whether wsgate keeps it.
   *
   * @param host the host as browsers serialize it; empty when browsers refuse it or the rewrite is
   *     not known
   * @param problem why the entry is refused; empty when {@code host} is what the entry means
   * @param advice the host to write instead, when it is not {@code host}
   * @param ip whether the host is an IP address
   */
  record Reading(
      Optional<String> host, Optional<String> problem, Optional<String> advice, boolean ip) {
    static Reading kept(String host, boolean ip) {
      return new Reading(Optional.of(host), Optional.empty(), Optional.empty(), ip);
    }

    static Reading refused(String problem) {
      return new Reading(Optional.empty(), Optional.of(problem), Optional.empty(), false);
    }

    Reading refusedFor(String why) {
      return problem.isPresent() ? this : new Reading(host, Optional.of(why), advice, ip);
    }
  }

  /** Reads the host of an allowlist entry (the text between {@code ://} and the port). */
  static Reading read(String typed) {
    if (typed.isEmpty()) {
      return Reading.refused("the host is empty");
    }
    if (typed.charAt(0) == '[') {
      return Ipv6.serialize(SerializedOrigin.asciiLowerCase(typed))
          .map(h -> Reading.kept(h, true))
          .orElseGet(
              () ->
                  Reading.refused(
                      typed
                          + " is not an IPv6 address that browsers accept"
                          + (typed.indexOf('%') >= 0 ? " (they take no zone id)" : "")));
    }
    String host = typed;
    String problem = null;
    if (host.indexOf('%') >= 0) {
      problem = "percent-encoding in a host is decoded by browsers";
      host = percentDecoded(host);
    }
    if (!isAscii(host)) {
      if (problem == null) {
        problem = "browsers send an internationalized host name in Punycode (xn--)";
      }
      Optional<String> ascii = toAscii(host);
      if (ascii.isEmpty()) {
        return Reading.refused(problem + "; write the host that way");
      }
      host = ascii.get();
    }
    Reading r = readAscii(SerializedOrigin.asciiLowerCase(host));
    if (problem == null) {
      return r;
    }
    return r.host().isPresent()
        ? r.refusedFor(problem)
        : Reading.refused(problem + ", and what it means is refused too: " + r.problem().get());
  }

  private static Reading readAscii(String host) {
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (!isNameChar(c) && c != '.') {
        return Reading.refused(
            "'" + printable(c) + "' is not allowed in a host name (letters, digits, - and _)");
      }
    }
    if (Ipv4.endsInNumber(host)) {
      return Ipv4.serialize(host)
          .map(h -> Reading.kept(h, true))
          .orElseGet(
              () ->
                  Reading.refused(
                      "a host whose last label is a number is an IPv4 address to browsers, and "
                          + host
                          + " is not a valid one, so browsers refuse it"));
    }
    boolean trailingDot = host.endsWith(".") && host.length() > 1;
    String name = trailingDot ? host.substring(0, host.length() - 1) : host;
    for (String label : name.split("\\.", -1)) {
      Optional<String> why = labelProblem(label);
      if (why.isPresent()) {
        return Reading.refused(why.get());
      }
    }
    if (trailingDot) {
      return new Reading(
          Optional.of(host),
          Optional.of(
              "a trailing dot makes another origin than the same name without it, one that"
                  + " browsers send only from pages opened with the dot and that wsgate never"
                  + " accepts"),
          Optional.of(name),
          false);
    }
    return Reading.kept(host, false);
  }

  private static Optional<String> labelProblem(String label) {
    if (label.isEmpty()) {
      return Optional.of("the host has an empty label (two dots in a row, or a leading dot)");
    }
    if (label.length() > 63) {
      return Optional.of("a label of a host name has at most 63 characters");
    }
    if (label.startsWith("-") || label.endsWith("-")) {
      return Optional.of("a label of a host name neither starts nor ends with '-'");
    }
    if (label.startsWith("xn--") && !isValidPunycode(label)) {
      return Optional.of(
          label + " is not valid Punycode for an internationalized label; browsers refuse it");
    }
    return Optional.empty();
  }

  /**
   * Whether a browser keeps an {@code xn--} label as written: it decodes, the result is not all
   * ASCII, is already in the mapped form (NFKC, lower-case) a browser would give it, holds no
   * control, format, unassigned, private-use or space character, and encodes back to the label.
   */
  private static boolean isValidPunycode(String label) {
    Optional<String> decoded = Punycode.decode(label.substring(4));
    if (decoded.isEmpty() || decoded.get().isEmpty() || isAscii(decoded.get())) {
      return false;
    }
    String u = decoded.get();
    if (!Normalizer.normalize(u, Normalizer.Form.NFKC).equals(u)
        || !u.toLowerCase(Locale.ROOT).equals(u)
        || Character.getType(u.codePointAt(0)) == Character.NON_SPACING_MARK
        || Character.getType(u.codePointAt(0)) == Character.COMBINING_SPACING_MARK
        || Character.getType(u.codePointAt(0)) == Character.ENCLOSING_MARK) {
      return false;
    }
    boolean allowed =
        u.codePoints()
            .allMatch(
                c ->
                    c < 0x80
                        ? isNameChar((char) c)
                        : switch (Character.getType(c)) {
                          case Character.CONTROL,
                              Character.FORMAT,
                              Character.UNASSIGNED,
                              Character.PRIVATE_USE,
                              Character.SURROGATE,
                              Character.SPACE_SEPARATOR,
                              Character.LINE_SEPARATOR,
                              Character.PARAGRAPH_SEPARATOR ->
                              false;
                          default -> true;
                        });
    return allowed && ("xn--" + Punycode.encode(u)).equals(label);
  }

  /**
   * The Punycode form browsers give a non-ASCII host, when the JDK's IDNA 2003 mapping agrees with
   * the UTS 46 mapping browsers use: never for the four characters the two treat differently (ß, ς,
   * ZWJ, ZWNJ), nor for characters Unicode 3.2 did not have.
   */
  private static Optional<String> toAscii(String host) {
    if (host.chars().anyMatch(c -> c == 0xDF || c == 0x3C2 || c == 0x200C || c == 0x200D)) {
      return Optional.empty();
    }
    try {
      return Optional.of(IDN.toASCII(host));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** {@code %XX} escapes decoded as UTF-8 (malformed sequences become U+FFFD, as in browsers). */
  private static String percentDecoded(String s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int hi = i + 2 < s.length() ? HexDigit.of(s.charAt(i + 1)) : -1;
      int lo = i + 2 < s.length() ? HexDigit.of(s.charAt(i + 2)) : -1;
      if (c == '%' && hi >= 0 && lo >= 0) {
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /**
   * Whether {@code host} (lower-case ASCII) is written as browsers serialize hosts: a DNS name, a
   * dotted-decimal IPv4 address or a compressed bracketed IPv6 address.
   */
  static boolean isSerialized(String host) {
    if (host.isEmpty() || host.length() > 253) {
      return false;
    }
    if (host.charAt(0) == '[') {
      return Ipv6.isSerialized(host);
    }
    for (String label : host.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
        return false;
      }
      for (int i = 0; i < label.length(); i++) {
        if (!isNameChar(label.charAt(i))) {
          return false;
        }
      }
    }
    return !Ipv4.endsInNumber(host) || Ipv4.isSerialized(host);
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  }

  private static boolean isAscii(String s) {
    return s.chars().allMatch(c -> c < 0x80);
  }

  private static String printable(char c) {
    return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
  }
}
