package dev.wsgate.provider.introspection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.gate.ProviderRegistry;
import org.junit.jupiter.api.Test;

final class IntrospectionDiscoveryTest {
  @Test
  void load_moduleServiceFile_findsIntrospection() {
    ProviderRegistry registry =
        ProviderRegistry.load(IntrospectionVerifierProvider.class.getClassLoader());
    assertThat(registry.get("introspection")).isInstanceOf(IntrospectionVerifierProvider.class);
  }
}
