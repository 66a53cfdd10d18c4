package dev.wsgate.server;

import dev.wsgate.internal.SettingValues;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Third-party provider jars from {@code wsgate.plugins.dir}: every {@code *.jar} in it, in name
 * order, in one class loader whose parent is the server's (so plugins share the SPI classes and
 * must not bundle them). A missing directory is reported by {@link ConfigLoader}.
 */
final class Plugins {
  static final String KEY = "wsgate.plugins.dir";

  private Plugins() {}

  /** The plugins' class loader, or empty when no (existing) plugins directory is configured. */
  static Optional<ClassLoader> loader(
      Map<String, String> properties, Function<String, String> env, ClassLoader parent) {
    String raw = properties.get(KEY);
    if (raw == null) {
      return Optional.empty();
    }
    Path dir;
    try {
      Optional<String> v = SettingValues.nonBlank(SettingValues.resolve(raw, env));
      if (v.isEmpty()) {
        return Optional.empty();
      }
      dir = Path.of(v.get());
    } catch (RuntimeException e) {
      return Optional.empty(); // ConfigLoader reports the bad value with its key
    }
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    List<URL> jars = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
        jars.add(p.toUri().toURL());
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.of(new URLClassLoader("wsgate-plugins", jars.toArray(new URL[0]), parent));
  }

  /** Checks the configured directory; a problem names the key. */
  static void check(ConfigReader r) {
    r.optional(KEY)
        .ifPresent(
            d -> {
              if (!Files.isDirectory(Path.of(d))) {
                r.problem(KEY + " '" + d + "' is not a directory");
              }
            });
  }
}
