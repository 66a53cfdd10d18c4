package dev.wsgate.provider.introspection;

import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.TokenVerifierProvider;

/**
 * The {@code introspection} provider: opaque access tokens (Keycloak, Okta, Ory Hydra, WSO2,
 * Authlete, any OAuth 2.0 authorization server with RFC 7662 token introspection), checked with the
 * authorization server on each handshake the server's cache does not answer. Settings are described
 * by {@link IntrospectionSettings}.
 */
public final class IntrospectionVerifierProvider implements TokenVerifierProvider {
  /** The provider id. */
  public static final String ID = "introspection";

  /** Does no work: the registry may create every provider to read its id. */
  public IntrospectionVerifierProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public TokenVerifier create(ProviderSettings settings) {
    return IntrospectionTokenVerifier.start(
        IntrospectionSettings.from(settings), settings.tenant());
  }
}
