package dev.wsgate.gate;

import java.util.ArrayList;
import java.util.List;
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
 */
public final class OriginPolicy {
  /** How many distinct {@code Origin} values {@link #check} remembers. */
  static final int MEMO_SIZE = 256;

  private final List<OriginPattern> patterns;
  private final boolean anyOrigin;
  private final boolean allowMissing;

  /**
   * Outcomes of {@link #check} by header value: a server sees a handful of origins, and parsing and
   * matching one on every handshake (twice in the server) cost 3% of its CPU. Bounded: once full,
   * other values are checked without being remembered, so hostile ones cannot grow it.
   */
  private final ConcurrentHashMap<String, Match> memo = new ConcurrentHashMap<>();

  private OriginPolicy(List<OriginPattern> patterns, boolean anyOrigin, boolean allowMissing) {
    this.patterns = List.copyOf(patterns);
    this.anyOrigin = anyOrigin;
    this.allowMissing = allowMissing;
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
    boolean any = false;
    for (String p : patterns) {
      if (p.trim().equals("*")) {
        any = true;
        continue;
      }
      try {
        parsed.add(OriginPattern.parse(p.trim()));
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
    return new OriginPolicy(parsed, any, allowMissing);
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
