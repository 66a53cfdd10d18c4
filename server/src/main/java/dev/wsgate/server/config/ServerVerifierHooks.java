package dev.wsgate.server.config;

import dev.wsgate.config.VerifierHooks;
import dev.wsgate.server.plugins.PluginLoaders;
import dev.wsgate.spi.ProviderEvents;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.TokenVerifierProvider;

/**
 * The server's additions around each tenant's verifier: a plugin's provider is called with its own
 * class loader, and the verifier, its readiness and its key fetches are measured by {@link
 * TenantMeters}.
 */
final class ServerVerifierHooks implements VerifierHooks {
  private final TenantMeters meters;

  ServerVerifierHooks(TenantMeters meters) {
    this.meters = meters;
  }

  @Override
  public TokenVerifier create(TokenVerifierProvider provider, ProviderSettings settings)
      throws Exception {
    return PluginLoaders.create(provider, settings);
  }

  @Override
  public ProviderEvents events(String tenant, String provider) {
    return (source, ok) -> meters.keyFetch(tenant, provider, source, ok);
  }

  @Override
  public TokenVerifier started(String tenant, String provider, TokenVerifier verifier) {
    meters.tenant(tenant, provider, verifier);
    return new TimedTokenVerifier(verifier, meters, provider, tenant);
  }
}
