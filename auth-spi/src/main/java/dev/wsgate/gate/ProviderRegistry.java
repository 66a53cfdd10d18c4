package dev.wsgate.gate;

import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.spi.TokenVerifierProvider;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@link TokenVerifierProvider}s available to a server, found with {@link ServiceLoader}.
 * Selection fails closed: an unknown id lists the ids that exist, and two providers claiming one id
 * is an error naming both (never "first one wins").
 *
 * <p>Immutable and thread-safe once built.
 */
public final class ProviderRegistry {
  private final Map<String, TokenVerifierProvider> byId;

  private ProviderRegistry(Map<String, TokenVerifierProvider> byId) {
    this.byId = Collections.unmodifiableMap(byId);
  }

  /**
   * Discovers every provider visible to the class loaders, in order.
   *
   * @throws ConfigurationException when a provider cannot be instantiated or two claim one id
   */
  public static ProviderRegistry load(ClassLoader... loaders) {
    List<TokenVerifierProvider> found = new ArrayList<>();
    Set<Class<?>> seen = new java.util.HashSet<>();
    for (ClassLoader loader : loaders) {
      try {
        for (TokenVerifierProvider p : ServiceLoader.load(TokenVerifierProvider.class, loader)) {
          if (seen.add(p.getClass())) {
            found.add(p);
          }
        }
      } catch (ServiceConfigurationError e) {
        throw new ConfigurationException(
            "a TokenVerifierProvider could not be loaded: " + e.getMessage());
      }
    }
    return of(found);
  }

  /**
   * A registry over the given providers (the pure seam behind {@link #load}).
   *
   * @throws ConfigurationException when two providers claim one id or an id is blank
   */
  public static ProviderRegistry of(List<? extends TokenVerifierProvider> providers) {
    Map<String, TokenVerifierProvider> byId = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (TokenVerifierProvider p : providers) {
      String id = p.id();
      if (id == null || id.isBlank()) {
        problems.add("TokenVerifierProvider " + describe(p) + " has a blank id");
        continue;
      }
      TokenVerifierProvider previous = byId.putIfAbsent(id, p);
      if (previous != null) {
        problems.add(
            "two TokenVerifierProviders claim the id '"
                + id
                + "': "
                + describe(previous)
                + " and "
                + describe(p)
                + ". Remove one of them from the class path or the plugins dir.");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return new ProviderRegistry(byId);
  }

  /** The available ids, sorted. */
  public Set<String> ids() {
    return new TreeSet<>(byId.keySet());
  }

  /**
   * The provider with {@code id}.
   *
   * @throws ConfigurationException naming the id, the ids that exist and where they came from
   */
  public TokenVerifierProvider get(String id) {
    TokenVerifierProvider p = byId.get(id);
    if (p == null) {
      List<String> available = new ArrayList<>();
      byId.forEach((i, provider) -> available.add(i + " (" + location(provider) + ")"));
      throw new ConfigurationException(
          "No TokenVerifierProvider with id '"
              + id
              + "'; found "
              + available
              + ". Add wsgate-provider-"
              + id
              + " to the class path or a plugin jar to the plugins dir.");
    }
    return p;
  }

  /** Where a provider's class was loaded from: its jar or class folder. */
  public static String location(TokenVerifierProvider provider) {
    try {
      CodeSource source = provider.getClass().getProtectionDomain().getCodeSource();
      URL url = source == null ? null : source.getLocation();
      return url == null ? "unknown location" : url.getPath();
    } catch (SecurityException e) {
      return "unknown location";
    }
  }

  private static String describe(TokenVerifierProvider p) {
    return p.getClass().getName() + " (" + location(p) + ")";
  }

  @Override
  public String toString() {
    return "ProviderRegistry" + ids();
  }
}
