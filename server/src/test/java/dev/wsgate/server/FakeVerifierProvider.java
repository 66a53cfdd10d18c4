package dev.wsgate.server;

import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.TokenVerifierProvider;
import dev.wsgate.testkit.FakeTokenVerifier;

/** A test provider with id {@code fake}: testkit's {@link FakeTokenVerifier}. */
public final class FakeVerifierProvider implements TokenVerifierProvider {

  /** Does no work. */
  public FakeVerifierProvider() {}

  @Override
  public String id() {
    return "fake";
  }

  @Override
  public TokenVerifier create(ProviderSettings settings) {
    String label = settings.string("label", "fake");
    settings.required("must-be-set");
    return new FakeTokenVerifier(label);
  }
}
