package dev.wsgate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.TokenVerifierProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ProviderRegistryTest {
  private static final String SERVICES = "META-INF/services/dev.wsgate.spi.TokenVerifierProvider";

  @Nested
  final class PureSeam {

    @Test
    void get_knownId_returnsThatProvider() {
      AlphaStubProvider alpha = new AlphaStubProvider();
      ProviderRegistry registry = ProviderRegistry.of(List.of(alpha, new BetaStubProvider()));
      assertThat(registry.get("alpha")).isSameAs(alpha);
      assertThat(registry.ids()).containsExactly("alpha", "beta");
    }

    @Test
    void get_unknownId_listsAvailableIdsAndHowToAddOne() {
      ProviderRegistry registry =
          ProviderRegistry.of(List.of(new BetaStubProvider(), new AlphaStubProvider()));
      assertThatThrownBy(() -> registry.get("jwks"))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("No TokenVerifierProvider with id 'jwks'")
          .hasMessageContaining("alpha")
          .hasMessageContaining("beta")
          .hasMessageContaining("Add wsgate-provider-jwks to the class path");
    }

    @Test
    void get_emptyRegistry_saysNoneWasFound() {
      assertThatThrownBy(() -> ProviderRegistry.of(List.of()).get("hmac"))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("No TokenVerifierProvider with id 'hmac'; found []");
    }

    @Test
    void of_duplicateId_namesBothClasses() {
      assertThatThrownBy(
              () ->
                  ProviderRegistry.of(
                      List.of(
                          new AlphaStubProvider(),
                          new BetaStubProvider(),
                          new RivalAlphaStubProvider())))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("'alpha'")
          .hasMessageContaining(AlphaStubProvider.class.getName())
          .hasMessageContaining(RivalAlphaStubProvider.class.getName())
          .hasMessageNotContaining(BetaStubProvider.class.getName());
    }

    @Test
    void of_blankId_isRejected() {
      TokenVerifierProvider blank =
          new TokenVerifierProvider() {
            @Override
            public String id() {
              return " ";
            }

            @Override
            public TokenVerifier create(ProviderSettings settings) {
              throw new UnsupportedOperationException();
            }
          };
      assertThatThrownBy(() -> ProviderRegistry.of(List.of(blank)))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("has a blank id");
    }
  }

  @Nested
  final class ServiceLoaderDiscovery {

    @Test
    void load_testServicesFile_findsBothStubs() {
      ProviderRegistry registry = ProviderRegistry.load(getClass().getClassLoader());
      assertThat(registry.ids()).containsExactly("alpha", "beta");
      assertThat(registry.get("beta")).isInstanceOf(BetaStubProvider.class);
    }

    @Test
    void load_sameClassesThroughTwoLoaders_countsEachOnce(@TempDir Path dir) throws IOException {
      ClassLoader parent = getClass().getClassLoader();
      try (URLClassLoader child = loaderOver(dir, parent)) {
        ProviderRegistry registry = ProviderRegistry.load(parent, child);
        assertThat(registry.ids()).containsExactly("alpha", "beta");
      }
    }

    @Test
    void load_pluginClaimingTakenId_namesBothClasses(@TempDir Path dir) throws IOException {
      writeServices(dir, RivalAlphaStubProvider.class.getName());
      try (URLClassLoader plugins = loaderOver(dir, getClass().getClassLoader())) {
        assertThatThrownBy(() -> ProviderRegistry.load(plugins))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("two TokenVerifierProviders claim the id 'alpha'")
            .hasMessageContaining(AlphaStubProvider.class.getName())
            .hasMessageContaining(RivalAlphaStubProvider.class.getName());
      }
    }

    @Test
    void load_servicesFileNamingMissingClass_failsNamingIt(@TempDir Path dir) throws IOException {
      writeServices(dir, "dev.wsgate.gate.NoSuchProvider");
      try (URLClassLoader plugins = loaderOver(dir, getClass().getClassLoader())) {
        assertThatThrownBy(() -> ProviderRegistry.load(plugins))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("could not be loaded")
            .hasMessageContaining("dev.wsgate.gate.NoSuchProvider");
      }
    }

    @Test
    void location_testStub_isTheTestClassesFolder() {
      assertThat(ProviderRegistry.location(new AlphaStubProvider())).endsWith("test-classes/");
    }

    private void writeServices(Path dir, String line) throws IOException {
      Path file = dir.resolve(SERVICES);
      Files.createDirectories(file.getParent());
      Files.writeString(file, line + "\n");
    }

    private URLClassLoader loaderOver(Path dir, ClassLoader parent) throws IOException {
      return new URLClassLoader(new URL[] {dir.toUri().toURL()}, parent);
    }
  }
}
