package dev.wsgate.provider.hmac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.TokenVerifierProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

final class HmacDiscoveryTest {
  @Test
  void load_moduleServiceFile_findsHmac() {
    ProviderRegistry registry = ProviderRegistry.load(HmacVerifierProvider.class.getClassLoader());
    assertThat(registry.ids()).contains("hmac");
    assertThat(registry.get("hmac")).isInstanceOf(HmacVerifierProvider.class);
  }

  @Test
  void get_unknownId_listsAvailableIds() {
    ProviderRegistry registry = ProviderRegistry.load(HmacVerifierProvider.class.getClassLoader());
    assertThatThrownBy(() -> registry.get("jwks"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'jwks'")
        .hasMessageContaining("hmac");
  }

  @Test
  void of_twoProvidersWithOneId_namesBothClasses() {
    final class Impostor implements TokenVerifierProvider {
      @Override
      public String id() {
        return "hmac";
      }

      @Override
      public TokenVerifier create(ProviderSettings settings) {
        throw new AssertionError("never created");
      }
    }
    assertThatThrownBy(
            () -> ProviderRegistry.of(List.of(new HmacVerifierProvider(), new Impostor())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(HmacVerifierProvider.class.getName())
        .hasMessageContaining("Impostor");
  }
}
