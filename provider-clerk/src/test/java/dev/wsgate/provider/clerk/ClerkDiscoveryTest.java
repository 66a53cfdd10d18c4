package dev.wsgate.provider.clerk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.spi.TokenVerifierProvider;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The real ServiceLoader finds the provider through META-INF/services. */
final class ClerkDiscoveryTest {

  @Test
  void serviceLoader_classPath_findsClerkProvider() {
    List<TokenVerifierProvider> found =
        ServiceLoader.load(TokenVerifierProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.id().equals("clerk"))
            .collect(Collectors.toList());
    assertThat(found).hasSize(1);
    assertThat(found.get(0)).isInstanceOf(ClerkVerifierProvider.class);
  }
}
