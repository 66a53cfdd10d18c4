package dev.wsgate.adapter.spring;

import dev.wsgate.spi.ConfigurationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * The {@code wsgate.*} entries of the Spring {@link Environment} as the flat key-value map the
 * wsgate server reads from its properties file: every source Spring Boot binds from ({@code
 * application.properties} and {@code .yml}, profiles, command-line arguments, system properties,
 * environment variables such as {@code WSGATE_ORIGINS}), the first source that sets a key winning;
 * a YAML list becomes one comma-separated value.
 */
final class WsgateEnvironment {
  private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("wsgate");

  private WsgateEnvironment() {}

  /**
   * The entries. A value holding a wsgate reference ({@code ${env:NAME}}, {@code ${file:/path}}) is
   * left for wsgate to resolve, as the server does; any other value gets Spring's placeholders
   * resolved ({@code ${WSGATE_SECRET}}). Spring would read {@code ${env:NAME}} as the property
   * {@code env} with the default {@code NAME}: a secret would become the variable's name.
   *
   * @throws ConfigurationException naming each key whose Spring placeholder resolves to nothing
   *     (left as it is, the placeholder's text would become the setting, a secret included)
   */
  static Map<String, String> entries(Environment environment) {
    Map<String, String> out = new LinkedHashMap<>();
    Set<String> unresolved = new TreeSet<>();
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (!(source instanceof IterableConfigurationPropertySource)) {
        continue;
      }
      Map<String, String> own = new LinkedHashMap<>();
      Map<String, TreeMap<Integer, String>> lists = new LinkedHashMap<>();
      ((IterableConfigurationPropertySource) source)
          .stream()
              .filter(ROOT::isAncestorOf)
              .forEach(
                  name -> {
                    ConfigurationProperty p = source.getConfigurationProperty(name);
                    if (p == null || p.getValue() == null) {
                      return;
                    }
                    String value;
                    try {
                      value = resolve(environment, String.valueOf(p.getValue()));
                    } catch (IllegalArgumentException e) {
                      unresolved.add(name.toString());
                      return;
                    }
                    if (name.isLastElementIndexed()) {
                      lists
                          .computeIfAbsent(name.getParent().toString(), k -> new TreeMap<>())
                          .put(index(name), value);
                    } else {
                      own.put(name.toString(), value);
                    }
                  });
      lists.forEach((k, items) -> own.put(k, String.join(",", items.values())));
      own.forEach(out::putIfAbsent);
    }
    if (!unresolved.isEmpty()) {
      List<String> problems = new ArrayList<>();
      for (String key : unresolved) {
        problems.add(
            key
                + " has a Spring placeholder that resolves to nothing; set the property or"
                + " environment variable it names (wsgate's own ${env:NAME} and ${file:PATH} work"
                + " too)");
      }
      throw new ConfigurationException(problems);
    }
    return out;
  }

  private static int index(ConfigurationPropertyName name) {
    try {
      return Integer.parseInt(name.getLastElement(ConfigurationPropertyName.Form.UNIFORM));
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE; // a map key in brackets: after the list's items
    }
  }

  private static String resolve(Environment environment, String raw) {
    if (raw.contains("${env:") || raw.contains("${file:")) {
      return raw;
    }
    return environment.resolveRequiredPlaceholders(raw);
  }
}
