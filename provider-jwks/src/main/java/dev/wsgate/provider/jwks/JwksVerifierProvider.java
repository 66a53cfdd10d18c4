package dev.wsgate.provider.jwks;

import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.TokenVerifierProvider;

/**
 * The {@code jwks} provider: JWTs signed with RS256/384/512, PS256/384/512 or ES256/384/512 by an
 * issuer that publishes its keys as a JWKS (Auth0, Okta, Keycloak, Entra ID, any OpenID provider).
 * Settings are described by {@link JwksSettings}.
 */
public final class JwksVerifierProvider implements TokenVerifierProvider {
  /** The provider id. */
  public static final String ID = "jwks";

  /** Does no work: the registry may create every provider to read its id. */
  public JwksVerifierProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public TokenVerifier create(ProviderSettings settings) {
    JwksSettings s = JwksSettings.from(settings);
    return JwksTokenVerifier.start(s, settings.clock(), settings.tenant());
  }
}
