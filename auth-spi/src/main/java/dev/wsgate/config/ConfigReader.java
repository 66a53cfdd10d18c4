package dev.wsgate.config;

import dev.wsgate.internal.SettingValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Typed reads of {@code wsgate.*} keys. Every key asked for is recorded as known (so that typos can
 * be matched to it) and every problem is collected instead of thrown, so that start-up reports all
 * of them at once.
 *
 * <p>This is the key registry: a key exists because some reader of the configuration (the gate's
 * {@link GateConfig}, the server's own loader, an adapter) reads it through this class; nothing
 * else lists keys. Not thread-safe: one reader serves one start-up.
 */
public final class ConfigReader {
  private final Map<String, String> values;
  private final Function<String, String> env;
  private final Set<String> known = new LinkedHashSet<>();
  private final List<String> problems = new ArrayList<>();

  /**
   * A reader of {@code values}.
   *
   * @param values the configuration, keys as written ({@code wsgate.origins}); values may hold
   *     {@code ${env:NAME}} and {@code ${file:/path}} references
   * @param env where {@code ${env:NAME}} is resolved
   */
  public ConfigReader(Map<String, String> values, Function<String, String> env) {
    this.values = Map.copyOf(values);
    this.env = env;
  }

  /** Every key and raw value, read or not. */
  public Map<String, String> values() {
    return values;
  }

  /** Where {@code ${env:NAME}} is resolved. */
  public Function<String, String> env() {
    return env;
  }

  /** Marks a key as known without reading it (a key read by someone else, such as a provider). */
  public void markKnown(String key) {
    known.add(key);
  }

  /** The keys read or marked so far. */
  public Set<String> known() {
    return known;
  }

  /** The problems recorded so far, in the order found. */
  public List<String> problems() {
    return problems;
  }

  /** Records a problem; the message names its key. */
  public void problem(String message) {
    problems.add(message);
  }

  /**
   * Records every {@code wsgate.*} key that no read made known, with the nearest known key when one
   * is close ({@code unknown key wsgate.orgins; did you mean wsgate.origins?}). Call it after every
   * read.
   */
  public void rejectUnknownKeys() {
    rejectUnknownKeys("");
  }

  /**
   * As {@link #rejectUnknownKeys()}, with {@code why} appended to a key that has no near known one
   * (an adapter saying which of the server's keys it does not read).
   */
  public void rejectUnknownKeys(String why) {
    for (String key : new TreeSet<>(values.keySet())) {
      if (!key.startsWith("wsgate.") || known.contains(key)) {
        continue;
      }
      String message = "unknown key " + key;
      Optional<String> nearest = SettingValues.nearest(key, known);
      if (nearest.isPresent()) {
        message += "; did you mean " + nearest.get() + "?";
      } else if (!why.isEmpty()) {
        message += " " + why;
      } else if (key.contains(".provider.")) {
        message += " (settings of a provider that no tenant selects)";
      }
      problems.add(message);
    }
  }

  /** The resolved value of the first of {@code keys} that is set; all of them become known. */
  public Optional<String> optional(String... keys) {
    for (String k : keys) {
      known.add(k);
    }
    for (String k : keys) {
      String raw = values.get(k);
      if (raw == null) {
        continue;
      }
      try {
        Optional<String> v = SettingValues.nonBlank(SettingValues.resolve(raw, env));
        if (v.isPresent()) {
          return v;
        }
      } catch (IllegalArgumentException e) {
        problems.add(k + " " + e.getMessage());
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The key among {@code keys} that is set, for error messages; the first one otherwise. */
  public String keyOf(String... keys) {
    for (String k : keys) {
      if (values.containsKey(k)) {
        return k;
      }
    }
    return keys[0];
  }

  /** The first of {@code keys} that is set, else {@code fallback}. */
  public String string(String fallback, String... keys) {
    return optional(keys).orElse(fallback);
  }

  /** An integer from {@code min} to {@code max}; a problem and {@code fallback} otherwise. */
  public int integer(int fallback, int min, int max, String... keys) {
    return parse(fallback, v -> SettingValues.integer(v, min, max), keys);
  }

  /** {@code true} or {@code false}. */
  public boolean bool(boolean fallback, String... keys) {
    return parse(fallback, SettingValues::bool, keys);
  }

  /** A duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
  public Duration duration(Duration fallback, String... keys) {
    return parse(fallback, SettingValues::duration, keys);
  }

  /** A comma-separated list. */
  public List<String> list(List<String> fallback, String... keys) {
    return parse(fallback, SettingValues::list, keys);
  }

  /**
   * The first set key's value through {@code parser}; an {@link IllegalArgumentException} from it
   * is a problem naming the key, and gives {@code fallback}.
   */
  public <T> T parse(T fallback, Function<String, T> parser, String... keys) {
    Optional<String> raw = optional(keys);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      return parser.apply(raw.get());
    } catch (IllegalArgumentException e) {
      problems.add(keyOf(keys) + " " + e.getMessage());
      return fallback;
    }
  }
}
