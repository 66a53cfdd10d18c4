package dev.wsgate.gate;

import java.util.Optional;

/**
 * One allowlist entry: {@code scheme://host[:port]} where the host may start with {@code *.} (one
 * or more subdomain labels) and the port may be {@code *} (any port). Held in the form browsers
 * send ({@link SerializedOrigin}); {@link OriginEntry} reads what was typed.
 */
final class OriginPattern {
  static final int ANY_PORT = -1;

  private final String scheme;
  private final String host; // without the "*." of a wildcard
  private final boolean wildcardHost;
  private final int port;

  OriginPattern(String scheme, String host, boolean wildcardHost, int port) {
    this.scheme = scheme;
    this.host = host;
    this.wildcardHost = wildcardHost;
    this.port = port;
  }

  /**
   * Parses and lints a pattern, rewriting IP addresses, letter case and default ports to the form
   * browsers send.
   *
   * @throws IllegalArgumentException naming the pattern, what is wrong, and what to write
   */
  static OriginPattern parse(String pattern) {
    OriginEntry e = OriginEntry.read(pattern, true);
    Optional<String> problem = e.problem();
    if (problem.isPresent()) {
      throw new IllegalArgumentException(
          "invalid origin pattern '" + pattern + "': " + problem.get() + e.hint(pattern));
    }
    return e.pattern().orElseThrow();
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
