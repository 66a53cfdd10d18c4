package dev.wsgate.gate;

import java.util.Optional;

/**
 * An allowlist entry (or a page's URL) read the way a browser's URL parser reads a URL: what origin
 * the browser serializes for it, and whether wsgate keeps the entry. wsgate keeps an entry only
 * when it means exactly one serialized origin (or pattern): rewritten spellings of the same host
 * (IP shorthand, case, default port) are kept in the browser's form; spellings a browser silently
 * changes (a path dropped, percent-encoding decoded, a non-ASCII name converted) are refused with
 * that form, so that what the allowlist says is what it matches.
 *
 * @param pattern what a browser reads the entry as; empty when it refuses it or wsgate cannot tell
 * @param problem why wsgate refuses the entry
 * @param advice what to write instead, when it is not {@code pattern}
 */
record OriginEntry(
    Optional<OriginPattern> pattern, Optional<String> problem, Optional<String> advice) {

  static OriginEntry refused(String problem) {
    return new OriginEntry(Optional.empty(), Optional.of(problem), Optional.empty());
  }

  /** The same reading refused for {@code why}, unless it already was for another reason. */
  private OriginEntry refusedFor(String why) {
    return problem.isPresent() ? this : new OriginEntry(pattern, Optional.of(why), advice);
  }

  /**
   * Reads an entry.
   *
   * @param text the entry, without surrounding white space
   * @param patterns whether {@code *.} wildcards and the {@code *} port are allowed
   */
  static OriginEntry read(String text, boolean patterns) {
    if (text.indexOf('\t') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
      return read(text.replaceAll("[\t\n\r]", ""), patterns)
          .refusedFor("it holds a tab or line break, which browsers drop");
    }
    int sep = text.indexOf("://");
    if (sep <= 0) {
      return refused("expected scheme://host[:port], such as https://app.example.com");
    }
    String scheme = SerializedOrigin.asciiLowerCase(text.substring(0, sep));
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return refused("only http and https origins exist for browsers");
    }
    String rest = text.substring(sep + 3);
    int end = firstOf(rest, "/?#\\");
    if (end >= 0) {
      return read(text.substring(0, sep + 3 + end), patterns)
          .refusedFor("an origin has no path, query or fragment");
    }
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      return read(scheme + "://" + rest.substring(at + 1), patterns)
          .refusedFor("an origin has no user info");
    }
    boolean wildcard = patterns && rest.startsWith("*.");
    String hostPort = wildcard ? rest.substring(2) : rest;
    if (!hostPort.startsWith("[") && hostPort.indexOf(':') != hostPort.lastIndexOf(':')) {
      return refused("an IPv6 address is written in brackets, as in http://[::1]:8080");
    }
    int portSep = SerializedOrigin.portSeparator(hostPort);
    String bare = portSep < 0 ? hostPort : hostPort.substring(0, portSep);
    String portProblem = null;
    int port = SerializedOrigin.defaultPort(scheme);
    if (portSep >= 0) {
      String p = hostPort.substring(portSep + 1);
      if (p.equals("*") && patterns) {
        port = OriginPattern.ANY_PORT;
      } else if (SerializedOrigin.isPort(p)) {
        port = Integer.parseInt(p);
      } else if (p.chars().allMatch(c -> c >= '0' && c <= '9') && value(p) <= 65535) {
        port = p.isEmpty() ? port : (int) value(p);
        if (port == 0) {
          return refused("the port must be a number from 1 to 65535");
        }
        portProblem = p.isEmpty() ? "the port is empty" : "the port has leading zeros";
      } else {
        return refused("the port must be a number from 1 to 65535" + (patterns ? " or *" : ""));
      }
    }
    if (bare.indexOf('*') >= 0) {
      return refused("a wildcard is allowed only as the first label, as in https://*.example.com");
    }
    HostSyntax.Reading h = HostSyntax.read(bare);
    if (h.host().isEmpty()) {
      return refused(h.problem().orElseThrow());
    }
    if (wildcard && h.ip()) {
      return refused("a wildcard needs a domain name under it, not an IP address");
    }
    if (wildcard && h.host().get().indexOf('.') < 0) {
      return refused("a wildcard must sit under a registrable domain, not a single label");
    }
    int p = port;
    OriginEntry e =
        new OriginEntry(
            h.host().map(host -> new OriginPattern(scheme, host, wildcard, p)),
            h.problem(),
            h.advice()
                .map(host -> new OriginPattern(scheme, host, wildcard, p))
                .map(String::valueOf));
    return portProblem == null ? e : e.refusedFor(portProblem);
  }

  /** "; a browser reads it as 'X'" and what to write, for a refusal message about {@code typed}. */
  String hint(String typed) {
    Optional<String> form = pattern.map(String::valueOf).filter(f -> !f.equals(typed));
    if (advice.isPresent()) {
      return form.map(f -> "; a browser reads it as '" + f + "'").orElse("")
          + "; write '"
          + advice.get()
          + "'";
    }
    return form.map(f -> "; a browser reads it as '" + f + "': write that").orElse("");
  }

  private static int firstOf(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** The value of a string of ASCII digits, capped past the largest port; 0 when empty. */
  private static long value(String digits) {
    long v = 0;
    for (int i = 0; i < digits.length(); i++) {
      v = Math.min(1 << 20, v * 10 + digits.charAt(i) - '0');
    }
    return v;
  }
}
