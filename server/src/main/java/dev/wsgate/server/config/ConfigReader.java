package dev.wsgate.server.config;

import dev.wsgate.internal.SettingValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed reads of the server's own {@code wsgate.*} keys. Every key asked for is recorded as known
 * (so that typos can be matched to it) and every problem is collected instead of thrown, so that
 * start-up reports all of them at once.
 */
final class ConfigReader {
  private final Map<String, String> values;
  private final Function<String, String> env;
  private final Set<String> known = new LinkedHashSet<>();
  private final List<String> problems = new ArrayList<>();

  ConfigReader(Map<String, String> values, Function<String, String> env) {
    this.values = Map.copyOf(values);
    this.env = env;
  }

  Map<String, String> values() {
    return values;
  }

  Function<String, String> env() {
    return env;
  }

  /** Marks keys as known without reading them (keys read by someone else, such as a provider). */
  void markKnown(String key) {
    known.add(key);
  }

  Set<String> known() {
    return known;
  }

  List<String> problems() {
    return problems;
  }

  void problem(String message) {
    problems.add(message);
  }

  /** The resolved value of the first of {@code keys} that is set; all of them become known. */
  Optional<String> optional(String... keys) {
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
  String keyOf(String... keys) {
    for (String k : keys) {
      if (values.containsKey(k)) {
        return k;
      }
    }
    return keys[0];
  }

  String string(String fallback, String... keys) {
    return optional(keys).orElse(fallback);
  }

  int integer(int fallback, int min, int max, String... keys) {
    return parse(fallback, v -> SettingValues.integer(v, min, max), keys);
  }

  boolean bool(boolean fallback, String... keys) {
    return parse(fallback, SettingValues::bool, keys);
  }

  Duration duration(Duration fallback, String... keys) {
    return parse(fallback, SettingValues::duration, keys);
  }

  List<String> list(List<String> fallback, String... keys) {
    return parse(fallback, SettingValues::list, keys);
  }

  <T> T parse(T fallback, Function<String, T> parser, String... keys) {
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
