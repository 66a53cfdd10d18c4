package dev.wsgate.gate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which {@code Origin} values may open a WebSocket: the defence against cross-site WebSocket
 * hijacking. Immutable and thread-safe.
 *
 * <p>Patterns are exact origins ({@code https://app.example.com}), wildcard subdomains ({@code
 * https://*.example.com}: one or more labels before {@code example.com}, never the apex, never
 * {@code example.com.evil.com} or {@code evil-example.com}), any-port patterns for development
 * ({@code http://localhost:*}), or {@code *} alone (any origin; only for public, token-only
 * endpoints). Scheme and host compare case-insensitively; default ports are normalised ({@code
 * https://a.com:443} is {@code https://a.com}). The {@code null} origin never matches.
 *
 * <p>Entries are held in the form browsers send, so that each one matches what it says: IP
 * addresses in any spelling a URL parser accepts ({@code http://127.1}, {@code http://0x7f.0.0.1},
 * {@code http://[0:0::1]}) are rewritten ({@code http://127.0.0.1}, {@code http://[::1]}; see
 * {@link #rewrites()}), and a host whose last label is a number is an IPv4 address, never a DNS
 * name. Entries that a browser would read as another origin than written (a path, user info,
 * percent-encoding, a non-ASCII name, a trailing dot, a tab) are refused with the form to write.
 */
public final class OriginPolicy {
  /** How many distinct {@code Origin} values {@link #check} remembers. */
  static final int MEMO_SIZE = 256;

  private final List<OriginPattern> patterns;
  private final boolean anyOrigin;
  private final boolean allowMissing;
  private final Map<String, String> rewrites;

  /**
   * Outcomes of {@link #check} by header value: a server sees a handful of origins, so each is
   * parsed and matched once, not on every handshake. Bounded: once full, other values are checked
   * without being remembered, so hostile ones cannot grow it.
   */
  private final ConcurrentHashMap<String, Match> memo = new ConcurrentHashMap<>();

  private OriginPolicy(
      List<OriginPattern> patterns,
      boolean anyOrigin,
      boolean allowMissing,
      Map<String, String> rewrites) {
    this.patterns = List.copyOf(patterns);
    this.anyOrigin = anyOrigin;
    this.allowMissing = allowMissing;
    this.rewrites = Collections.unmodifiableMap(new LinkedHashMap<>(rewrites));
  }

  /**
   * Parses and lints the patterns.
   *
   * @param patterns the configured patterns
   * @param allowMissing whether a request without {@code Origin} may proceed (only with a token
   *     from the {@code Authorization} header, which browsers cannot send)
   * @throws IllegalArgumentException listing every invalid pattern and why
   */
  public static OriginPolicy of(List<String> patterns, boolean allowMissing) {
    List<String> problems = new ArrayList<>();
    List<OriginPattern> parsed = new ArrayList<>();
    Map<String, String> rewrites = new LinkedHashMap<>();
    boolean any = false;
    for (String p : patterns) {
      String typed = p.trim();
      if (typed.equals("*")) {
        any = true;
        continue;
      }
      try {
        OriginPattern pattern = OriginPattern.parse(typed);
        parsed.add(pattern);
        if (!pattern.toString().equals(typed)) {
          rewrites.put(typed, pattern.toString());
        }
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    if (any && patterns.size() > 1) {
      problems.add("'*' allows every origin and must not be mixed with other entries");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new OriginPolicy(parsed, any, allowMissing, rewrites);
  }

  /**
   * The origin a browser sends from a page at {@code url}: {@code http://127.1/app} gives {@code
   * http://127.0.0.1}.
   *
   * @param url an origin or an http(s) URL, as a person would type it
   * @return the serialized origin; empty when browsers refuse the URL, when it is not http(s), or
   *     when its host is an internationalized name whose Punycode form wsgate cannot tell for sure
   */
  public static Optional<String> browserOrigin(String url) {
    return OriginEntry.read(url.trim(), false).pattern().map(OriginPattern::toString);
  }

  /** Whether a request without {@code Origin} may proceed with a header token. */
  public boolean allowMissing() {
    return allowMissing;
  }

  /** Whether the policy is {@code *}. */
  public boolean allowsAnyOrigin() {
    return anyOrigin;
  }

  /** The patterns as normalised strings. */
  public List<String> patterns() {
    List<String> out = new ArrayList<>();
    if (anyOrigin) {
      out.add("*");
    }
    patterns.forEach(p -> out.add(p.toString()));
    return List.copyOf(out);
  }

  /**
   * The entries written otherwise than browsers send them, as typed (trimmed), each with the form
   * this policy holds and matches ({@code http://127.1} → {@code http://127.0.0.1}, {@code
   * HTTPS://A.COM:443} → {@code https://a.com}), in configuration order.
   */
  public Map<String, String> rewrites() {
    return rewrites;
  }

  /** The patterns that name exactly one origin (no wildcard), normalised. */
  public List<String> exactOrigins() {
    List<String> out = new ArrayList<>();
    patterns.stream().filter(OriginPattern::isExact).forEach(p -> out.add(p.toString()));
    return List.copyOf(out);
  }

  /**
   * Checks one {@code Origin} header value.
   *
   * @param origin the header value as received
   * @return whether it is allowed, its normalised form, the pattern that matched, and why
   */
  public Match check(String origin) {
    Match m = memo.get(origin);
    if (m == null) {
      m = evaluate(origin);
      if (memo.size() < MEMO_SIZE) {
        memo.putIfAbsent(origin, m);
      }
    }
    return m;
  }

  /** How many outcomes are remembered (tests). */
  int memoSize() {
    return memo.size();
  }

  private Match evaluate(String origin) {
    if (origin.equals("null")) {
      return Match.rejected("the 'null' origin (sandboxed or file page) is never allowed");
    }
    Optional<SerializedOrigin> parsed = SerializedOrigin.parse(origin);
    if (parsed.isEmpty()) {
      return Match.rejected("origin is not a valid serialized origin (scheme://host[:port])");
    }
    SerializedOrigin o = parsed.get();
    if (anyOrigin) {
      return new Match(true, o.toString(), Optional.of("*"), "'*' allows every origin");
    }
    for (OriginPattern p : patterns) {
      if (p.matches(o)) {
        return new Match(true, o.toString(), Optional.of(p.toString()), "matches " + p);
      }
    }
    return new Match(false, o.toString(), Optional.empty(), "origin '" + o + "' is not allowed");
  }

  @Override
  public String toString() {
    return "OriginPolicy" + patterns() + (allowMissing ? " allow-missing" : "");
  }

  /**
   * The outcome of {@link #check(String)}.
   *
   * @param allowed whether the origin may proceed
   * @param normalized the normalised origin, or empty when it could not be parsed
   * @param pattern the pattern that allowed it
   * @param reason a short explanation, safe to show the client
   */
  public record Match(boolean allowed, String normalized, Optional<String> pattern, String reason) {
    static Match rejected(String reason) {
      return new Match(false, "", Optional.empty(), reason);
    }
  }
}
