package dev.wsgate.server.logging;

import dev.wsgate.internal.SettingValues;
import dev.wsgate.server.Main;
import dev.wsgate.server.config.ConfigLoader;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code wsgate.log.level}: the level of slf4j-simple, the server's logging backend. It must be set
 * before the first logger exists, so {@link Main} applies it from the raw properties before loading
 * the configuration; {@link ConfigLoader} validates it with every other key.
 */
public final class LogLevel {
  public static final String KEY = "wsgate.log.level";
  private static final Set<String> LEVELS =
      Set.of("trace", "debug", "info", "warn", "error", "off");

  private LogLevel() {}

  public static String parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (!LEVELS.contains(v)) {
      throw new IllegalArgumentException(
          "must be one of trace, debug, info, warn, error, off, got '" + value + "'");
    }
    return v;
  }

  /** Sets slf4j-simple's default level from the properties, unless the JVM was given one. */
  public static void apply(Map<String, String> properties, Function<String, String> env) {
    String raw = properties.get(KEY);
    if (raw == null || System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") != null) {
      return;
    }
    try {
      System.setProperty(
          "org.slf4j.simpleLogger.defaultLogLevel", parse(SettingValues.resolve(raw, env)));
    } catch (IllegalArgumentException e) {
      // ConfigLoader reports it with the other problems
    }
  }
}
