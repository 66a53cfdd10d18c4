package dev.wsgate.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsing of configuration values, shared by provider settings and the server's own keys. Every
 * method throws {@link IllegalArgumentException} whose message says what was expected; callers
 * prefix it with the full key. Messages never contain a value that might be secret unless the
 * caller passed {@code echo = true}.
 */
public final class SettingValues {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-zA-Z]+):([^}]*)}");
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private SettingValues() {}

  /**
   * Replaces {@code ${env:NAME}} and {@code ${file:PATH}} in {@code raw}. A file's content is used
   * without its trailing line break.
   *
   * @throws IllegalArgumentException naming the variable or file that could not be read
   */
  public static String resolve(String raw, Function<String, String> env) {
    Matcher m = PLACEHOLDER.matcher(raw);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String scheme = m.group(1);
      String arg = m.group(2).trim();
      String value;
      switch (scheme) {
        case "env":
          value = env.apply(arg);
          if (value == null) {
            throw new IllegalArgumentException("environment variable " + arg + " is not set");
          }
          break;
        case "file":
          value = readFile(arg);
          break;
        default:
          // the placeholder may sit inside a secret: name none of its characters
          throw new IllegalArgumentException(
              "has an unknown placeholder; use ${env:NAME} or ${file:PATH}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String readFile(String path) {
    try {
      String content = Files.readString(Path.of(path), StandardCharsets.UTF_8);
      return content.replaceFirst("\\r?\\n$", "");
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot read file " + path + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or {@code 1d}. */
  public static Duration duration(String value) {
    Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected a duration such as 500ms, 30s, 5m or 1h, got '" + value + "'");
    }
    long n = Long.parseLong(m.group(1));
    switch (m.group(2)) {
      case "ms":
        return Duration.ofMillis(n);
      case "s":
        return Duration.ofSeconds(n);
      case "m":
        return Duration.ofMinutes(n);
      case "h":
        return Duration.ofHours(n);
      default:
        return Duration.ofDays(n);
    }
  }

  /** Parses {@code true} or {@code false} (any case). */
  public static boolean bool(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("true")) {
      return true;
    }
    if (v.equals("false")) {
      return false;
    }
    throw new IllegalArgumentException("expected true or false, got '" + value + "'");
  }

  /** Parses a decimal integer within {@code [min, max]}. */
  public static int integer(String value, int min, int max) {
    int n;
    try {
      n = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected an integer, got '" + value + "'");
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(
          "expected an integer from " + min + " to " + max + ", got " + n);
    }
    return n;
  }

  /** Splits a comma-separated list, trimming entries and dropping empty ones. */
  public static List<String> list(String value) {
    List<String> out = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      String p = part.trim();
      if (!p.isEmpty()) {
        out.add(p);
      }
    }
    return List.copyOf(out);
  }

  /** The value without surrounding white space, or empty when it is blank. */
  public static Optional<String> nonBlank(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.trim();
    return v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  /**
   * The key among {@code known} closest to {@code key} by edit distance, if it is close enough to
   * be a likely typo.
   */
  public static Optional<String> nearest(String key, Iterable<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = editDistance(key, candidate);
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    int tolerance = Math.max(2, key.length() / 4);
    return best != null && bestDistance <= tolerance ? Optional.of(best) : Optional.empty();
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
