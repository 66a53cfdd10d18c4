package dev.wsgate.server.config;

import dev.wsgate.spi.ConfigurationException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Reads {@code wsgate.properties}: {@link Properties} syntax (UTF-8), plus trailing comments after
 * white space ({@code wsgate.listen.port=8080 # 0 = any free port}) as the README's examples write
 * them. A value that must contain {@code " #"} can come from {@code ${file:…}} or {@code ${env:…}}.
 */
public final class PropertiesFile {
  private static final Pattern TRAILING_COMMENT = Pattern.compile("\\s+#.*$");

  private PropertiesFile() {}

  public static Map<String, String> read(Path file) {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigurationException(
          "cannot read the configuration file " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    return parse(p);
  }

  static Map<String, String> parse(Properties p) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : p.stringPropertyNames()) {
      out.put(name.trim(), TRAILING_COMMENT.matcher(p.getProperty(name)).replaceFirst("").trim());
    }
    return out;
  }
}
