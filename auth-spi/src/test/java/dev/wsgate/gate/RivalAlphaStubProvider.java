package dev.wsgate.gate;

import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.TokenVerifierProvider;

/** A provider with id {@code alpha} for registry tests; its verifier is never used. */
public final class RivalAlphaStubProvider implements TokenVerifierProvider {

  /** Does no work, as ServiceLoader entries must not. */
  public RivalAlphaStubProvider() {}

  @Override
  public String id() {
    return "alpha";
  }

  @Override
  public TokenVerifier create(ProviderSettings settings) {
    return (token, context) -> {
      throw new UnsupportedOperationException("stub");
    };
  }
}
