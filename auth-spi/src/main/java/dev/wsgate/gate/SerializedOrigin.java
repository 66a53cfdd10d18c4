package dev.wsgate.gate;

import java.util.Optional;

/**
 * A parsed, normalised origin: lower-case scheme ({@code http} or {@code https}) and host, and an
 * explicit port (the scheme's default when absent). Hosts are written as browsers serialize them:
 * ASCII DNS names, dotted-decimal IPv4 and compressed, bracketed IPv6 ({@link HostSyntax}).
 */
record SerializedOrigin(String scheme, String host, int port) {

  /** Parses an {@code Origin} header value; empty when it is not a serialized http(s) origin. */
  static Optional<SerializedOrigin> parse(String value) {
    int sep = value.indexOf("://");
    if (sep <= 0) {
      return Optional.empty();
    }
    String scheme = asciiLowerCase(value.substring(0, sep));
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.empty();
    }
    String authority = value.substring(sep + 3);
    int portSep = portSeparator(authority);
    String host = portSep < 0 ? authority : authority.substring(0, portSep);
    int port = defaultPort(scheme);
    if (portSep >= 0) {
      String digits = authority.substring(portSep + 1);
      if (!isPort(digits)) {
        return Optional.empty();
      }
      port = Integer.parseInt(digits);
    }
    host = asciiLowerCase(host);
    if (!HostSyntax.isSerialized(host)) {
      return Optional.empty();
    }
    return Optional.of(new SerializedOrigin(scheme, host, port));
  }

  /**
   * Lower-cases A to Z only. {@link String#toLowerCase} would turn non-ASCII letters into ASCII
   * ones (KELVIN SIGN U+212A becomes {@code k}), letting a non-ASCII host pass as an allowed one.
   */
  static String asciiLowerCase(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    return out.toString();
  }

  static int defaultPort(String scheme) {
    return scheme.equals("https") ? 443 : 80;
  }

  /** The index of the ':' before the port, skipping a bracketed IPv6 literal; -1 if none. */
  static int portSeparator(String authority) {
    int start = authority.startsWith("[") ? authority.indexOf(']') : 0;
    if (start < 0) {
      return -1;
    }
    return authority.indexOf(':', start);
  }

  static boolean isPort(String digits) {
    // a serialized origin never writes a leading zero
    if (digits.isEmpty() || digits.length() > 5 || digits.charAt(0) == '0') {
      return false;
    }
    for (int i = 0; i < digits.length(); i++) {
      if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
        return false;
      }
    }
    int p = Integer.parseInt(digits);
    return p >= 1 && p <= 65535;
  }

  @Override
  public String toString() {
    return port == defaultPort(scheme) ? scheme + "://" + host : scheme + "://" + host + ":" + port;
  }
}
