package dev.wsgate.server.plugins;

import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.TokenVerifierProvider;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One class loader per jar of {@code wsgate.plugins.dir}. A plugin sees the JDK and wsgate's API
 * ({@code dev.wsgate.spi}, {@code dev.wsgate.gate}) and nothing else of the server: not its
 * libraries (a plugin bundles its own nimbus or Jackson at whatever version it likes) and not its
 * service files (so built-in providers are not found twice). Every call into a plugin runs with its
 * loader as the thread context class loader ({@link #create}, {@link PluginTokenVerifier}).
 */
public final class PluginLoaders {
  private static final List<String> API_PACKAGES = List.of("dev.wsgate.spi.", "dev.wsgate.gate.");

  private PluginLoaders() {}

  /**
   * Class loaders for every {@code *.jar} in {@code dir}, in name order.
   *
   * @throws ConfigurationException naming {@code key} when the folder cannot be read
   */
  public static List<ClassLoader> open(Path dir, String key) {
    if (!Files.isDirectory(dir)) {
      throw new ConfigurationException(key + " is not a readable folder: " + dir);
    }
    List<Path> jars;
    try (Stream<Path> files = Files.list(dir)) {
      jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new ConfigurationException(key + " cannot be listed: " + dir);
    }
    ClassLoader api = new ApiOnly(PluginLoaders.class.getClassLoader());
    List<ClassLoader> loaders = new ArrayList<>();
    for (Path jar : jars) {
      try {
        URL url = jar.toUri().toURL();
        loaders.add(new PluginClassLoader("wsgate-plugin " + jar.getFileName(), url, api));
      } catch (MalformedURLException e) {
        throw new ConfigurationException(key + " holds a jar with an unusable path: " + jar);
      }
    }
    return loaders;
  }

  /**
   * {@code provider.create(settings)}; for a provider from a plugin jar, called with the plugin's
   * loader as the context class loader and returning a verifier that is called the same way. A
   * built-in provider already runs under the server's loader, the default context loader.
   */
  public static TokenVerifier create(TokenVerifierProvider provider, ProviderSettings settings)
      throws Exception {
    ClassLoader loader = provider.getClass().getClassLoader();
    if (!(loader instanceof PluginClassLoader)) {
      return provider.create(settings);
    }
    TokenVerifier verifier =
        PluginTokenVerifier.withLoader(loader, () -> provider.create(settings));
    return verifier == null ? null : new PluginTokenVerifier(verifier, loader);
  }

  /** The loader of one plugin jar; its type tells a plugin's class from a built-in one. */
  private static final class PluginClassLoader extends URLClassLoader {
    static {
      registerAsParallelCapable();
    }

    PluginClassLoader(String name, URL jar, ClassLoader parent) {
      super(name, new URL[] {jar}, parent);
    }
  }

  /** Delegates the API packages to the server's loader and everything else to the platform. */
  private static final class ApiOnly extends ClassLoader {
    private final ClassLoader server;

    ApiOnly(ClassLoader server) {
      super("wsgate-plugin-api", ClassLoader.getPlatformClassLoader());
      this.server = server;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      for (String p : API_PACKAGES) {
        if (name.startsWith(p)) {
          return server.loadClass(name);
        }
      }
      return super.loadClass(name, resolve);
    }
  }
}
