package dev.wsgate.adapter.spring;

import dev.wsgate.spi.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.core.env.Environment;

/**
 * The {@code wsgate.*} entries of the Spring {@link Environment} as the flat key-value map the
 * wsgate server reads from its properties file: every source Spring Boot binds from ({@code
 * application.properties} and {@code .yml}, profiles, command-line arguments, system properties,
 * environment variables such as {@code WSGATE_ORIGINS}), the first source that sets a key winning;
 * a YAML list becomes one comma-separated value.
 *
 * <p>Keys are named as Spring binds them ({@link ConfigurationPropertyName}): an environment
 * variable in Spring's relaxed form, which drops the dashes ({@code WSGATE_ORIGINS_ALLOWMISSING} is
 * {@code wsgate.origins.allowmissing}), stands for the documented key it matches, dashes ignored
 * ({@code wsgate.origins.allow-missing}); so does each {@code wsgate.tenant.<id>.<key>}. The
 * documented keys are those of {@code META-INF/spring-configuration-metadata.json} and the
 * server-only keys {@link ServerOnlyKeys} refuses.
 */
final class WsgateEnvironment {
  private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("wsgate");
  private static final ConfigurationPropertyName TENANT =
      ConfigurationPropertyName.of("wsgate.tenant");

  /** The keys only a tenant has, after {@code wsgate.tenant.<id>.}. */
  private static final List<ConfigurationPropertyName> TENANT_ONLY =
      Stream.of("hosts", "path-prefix", "issuers").map(ConfigurationPropertyName::of).toList();

  private static final String METADATA = "META-INF/spring-configuration-metadata.json";

  private static volatile List<ConfigurationPropertyName> documented;

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
                          .computeIfAbsent(key(name.getParent()), k -> new TreeMap<>())
                          .put(index(name), value);
                    } else {
                      own.put(key(name), value);
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

  /** The {@code wsgate.*} keys set in any source, named as {@link #entries} names them. */
  static Set<String> keys(Environment environment) {
    Set<String> keys = new TreeSet<>();
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (source instanceof IterableConfigurationPropertySource) {
        ((IterableConfigurationPropertySource) source)
            .stream()
                .filter(ROOT::isAncestorOf)
                .map(n -> key(n.isLastElementIndexed() ? n.getParent() : n))
                .forEach(keys::add);
      }
    }
    return keys;
  }

  /**
   * The key {@code name} stands for: the documented key it equals as Spring compares names (dashes
   * ignored), for a tenant's key as well; else the name as the source spells it.
   */
  static String key(ConfigurationPropertyName name) {
    for (ConfigurationPropertyName d : documented()) {
      if (d.equals(name)) {
        return d.toString();
      }
    }
    if (TENANT.isAncestorOf(name) && name.getNumberOfElements() > 3) {
      ConfigurationPropertyName own = name.subName(3);
      for (ConfigurationPropertyName k : TENANT_ONLY) {
        if (k.equals(own)) {
          return name.chop(3).append(k).toString();
        }
      }
      for (ConfigurationPropertyName d : documented()) {
        if (ROOT.isAncestorOf(d) && d.subName(1).equals(own)) {
          return name.chop(3).append(d.subName(1)).toString();
        }
      }
    }
    return name.toString();
  }

  private static List<ConfigurationPropertyName> documented() {
    List<ConfigurationPropertyName> d = documented;
    if (d == null) {
      d = documented(WsgateEnvironment.class.getClassLoader());
      documented = d;
    }
    return d;
  }

  /**
   * The starter's metadata among every {@code spring-configuration-metadata.json} that {@code
   * loader} sees (each Spring Boot jar has one; the first is seldom the starter's): the one beside
   * this class, or, when the loader's addresses do not show that, the {@code wsgate} keys of all.
   */
  static List<ConfigurationPropertyName> documented(ClassLoader loader) {
    String self =
        String.valueOf(
            WsgateEnvironment.class.getResource(
                WsgateEnvironment.class.getSimpleName() + ".class"));
    String own =
        self.substring(0, self.length() - (WsgateEnvironment.class.getName() + ".class").length())
            + METADATA;
    Set<String> names = new TreeSet<>(ServerOnlyKeys.wholeKeys());
    try {
      List<URL> all = Collections.list(loader.getResources(METADATA));
      List<URL> read = all.stream().filter(u -> u.toString().equals(own)).toList();
      for (URL u : read.isEmpty() ? all : read) {
        names.addAll(wsgateNames(u));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + METADATA, e);
    }
    return names.stream().map(ConfigurationPropertyName::of).toList();
  }

  private static List<String> wsgateNames(URL metadata) throws IOException {
    try (InputStream in = metadata.openStream()) {
      Map<String, Object> json =
          JsonParserFactory.getJsonParser()
              .parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      Object properties = json.get("properties");
      return properties instanceof List<?> list
          ? list.stream()
              .map(p -> p instanceof Map<?, ?> m ? String.valueOf(m.get("name")) : "")
              .filter(n -> n.startsWith("wsgate."))
              .toList()
          : List.of();
    }
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
