package dev.wsgate.gate;

/**
 * One allowlist entry: {@code scheme://host[:port]} where the host may start with {@code *.} (one
 * or more subdomain labels) and the port may be {@code *} (any port).
 */
final class OriginPattern {
  private static final int ANY_PORT = -1;

  private final String scheme;
  private final String host; // without the "*." of a wildcard
  private final boolean wildcardHost;
  private final int port;

  private OriginPattern(String scheme, String host, boolean wildcardHost, int port) {
    this.scheme = scheme;
    this.host = host;
    this.wildcardHost = wildcardHost;
    this.port = port;
  }

  /**
   * Parses and lints a pattern.
   *
   * @throws IllegalArgumentException naming the pattern and the fix
   */
  static OriginPattern parse(String pattern) {
    int sep = pattern.indexOf("://");
    if (sep <= 0) {
      throw invalid(pattern, "expected scheme://host[:port], such as https://app.example.com");
    }
    String scheme = SerializedOrigin.asciiLowerCase(pattern.substring(0, sep));
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw invalid(pattern, "only http and https origins exist for browsers");
    }
    String authority = pattern.substring(sep + 3);
    for (char c : new char[] {'/', '?', '#', '@'}) {
      if (authority.indexOf(c) >= 0) {
        throw invalid(pattern, "an origin has no path, query, fragment or user info");
      }
    }
    int portSep = SerializedOrigin.portSeparator(authority);
    String host =
        SerializedOrigin.asciiLowerCase(portSep < 0 ? authority : authority.substring(0, portSep));
    int port = SerializedOrigin.defaultPort(scheme);
    if (portSep >= 0) {
      String p = authority.substring(portSep + 1);
      if (p.equals("*")) {
        port = ANY_PORT;
      } else if (SerializedOrigin.isPort(p)) {
        port = Integer.parseInt(p);
      } else {
        throw invalid(pattern, "the port must be a number from 1 to 65535 or *");
      }
    }
    boolean wildcard = host.startsWith("*.");
    String bare = wildcard ? host.substring(2) : host;
    if (bare.indexOf('*') >= 0) {
      throw invalid(
          pattern, "a wildcard is allowed only as the first label, as in https://*.example.com");
    }
    if (!SerializedOrigin.isHost(bare)) {
      throw invalid(pattern, "the host is not a valid ASCII host name (use punycode for IDNs)");
    }
    if (wildcard && !bare.contains(".")) {
      throw invalid(pattern, "a wildcard must sit under a registrable domain, not a single label");
    }
    return new OriginPattern(scheme, bare, wildcard, port);
  }

  private static IllegalArgumentException invalid(String pattern, String why) {
    return new IllegalArgumentException("invalid origin pattern '" + pattern + "': " + why);
  }

  boolean isExact() {
    return !wildcardHost && port != ANY_PORT;
  }

  boolean matches(SerializedOrigin origin) {
    if (!scheme.equals(origin.scheme())) {
      return false;
    }
    if (port != ANY_PORT && port != origin.port()) {
      return false;
    }
    if (!wildcardHost) {
      return host.equals(origin.host());
    }
    String h = origin.host();
    return h.length() > host.length() + 1
        && h.endsWith(host)
        && h.charAt(h.length() - host.length() - 1) == '.';
  }

  @Override
  public String toString() {
    String h = wildcardHost ? "*." + host : host;
    if (port == ANY_PORT) {
      return scheme + "://" + h + ":*";
    }
    return new SerializedOrigin(scheme, h, port).toString();
  }
}
