package dev.wsgate.provider.jwks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.spi.TokenVerifierProvider;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

final class JwksDiscoveryTest {
  @Test
  void serviceLoader_classPath_findsJwksProvider() {
    List<TokenVerifierProvider> found =
        ServiceLoader.load(TokenVerifierProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.id().equals("jwks"))
            .toList();
    assertThat(found).singleElement().isInstanceOf(JwksVerifierProvider.class);
  }
}
