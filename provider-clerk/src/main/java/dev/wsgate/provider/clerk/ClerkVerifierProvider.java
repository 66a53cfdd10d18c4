package dev.wsgate.provider.clerk;

import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.TokenVerifierProvider;

/**
 * The {@code clerk} provider: Clerk session tokens, verified with Clerk's backend SDK plus wsgate's
 * own claim checks. Found through {@link java.util.ServiceLoader}; see the module README for its
 * settings.
 */
public final class ClerkVerifierProvider implements TokenVerifierProvider {
  static final String ID = "clerk";

  /** Does no work: the registry may instantiate every provider to read its id. */
  public ClerkVerifierProvider() {}

  @Override
  public String id() {
    return ID;
  }

  /**
   * Creates a verifier for one tenant. In {@code secret-key} mode one JWKS fetch is attempted here
   * (bounded by the timeouts) so that the verifier is ready before the first handshake; a failure
   * is logged, not fatal, and handshakes answer {@code PROVIDER_UNAVAILABLE} until keys load.
   *
   * @throws dev.wsgate.spi.ConfigurationException naming every bad key at once
   */
  @Override
  public TokenVerifier create(ProviderSettings settings) {
    ClerkSettings clerk = ClerkSettings.from(settings);
    if (clerk.networkless()) {
      return new ClerkTokenVerifier(clerk, ClerkKeys.fixed(clerk.jwtKeyPem()));
    }
    ClerkJwks jwks = new ClerkJwks(clerk, settings.clock(), settings.events());
    jwks.prefetch();
    return new ClerkTokenVerifier(clerk, jwks);
  }
}
