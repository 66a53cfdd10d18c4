package dev.wsgate.config;

import dev.wsgate.spi.ProviderEvents;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.TokenVerifierProvider;

/**
 * What an application adds around each tenant's verifier while {@link GateConfig} builds it: how a
 * provider is called (the server sets a plugin's class loader), where its key fetches are counted,
 * and what wraps the verifier it made (meters). Every method has a default that adds nothing.
 */
public interface VerifierHooks {
  /** Hooks that add nothing. */
  VerifierHooks NONE = new VerifierHooks() {};

  /**
   * Calls {@code provider.create(settings)}.
   *
   * @throws Exception whatever the provider throws; a {@link dev.wsgate.spi.ConfigurationException}
   *     lists bad settings, anything else is reported as a provider that failed to start
   */
  default TokenVerifier create(TokenVerifierProvider provider, ProviderSettings settings)
      throws Exception {
    return provider.create(settings);
  }

  /** Where the tenant's provider reports key fetches. */
  default ProviderEvents events(String tenant, String provider) {
    return ProviderEvents.NONE;
  }

  /**
   * The verifier the gate will call for the tenant, given the one the provider made (the token
   * cache is added around the result).
   */
  default TokenVerifier started(String tenant, String provider, TokenVerifier verifier) {
    return verifier;
  }
}
