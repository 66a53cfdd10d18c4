package dev.wsgate.provider.firebase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.spi.TokenVerifierProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

final class FirebaseDiscoveryTest {
  @Test
  void serviceLoader_classPath_findsFirebaseProvider() {
    assertThat(ServiceLoader.load(TokenVerifierProvider.class).stream())
        .map(ServiceLoader.Provider::get)
        .filteredOn(p -> p.id().equals("firebase"))
        .singleElement()
        .isInstanceOf(FirebaseVerifierProvider.class);
  }
}
