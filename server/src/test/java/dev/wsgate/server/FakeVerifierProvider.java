package dev.wsgate.server;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.TokenVerifierProvider;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
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
    FakeTokenVerifier fake = new FakeTokenVerifier(label);
    if (settings.bool("ready", true)) {
      return fake;
    }
    // a verifier still waiting for its keys: verifies like the fake, reports not ready
    return new TokenVerifier() {
      @Override
      public VerifiedToken verify(String token, VerificationContext context)
          throws AuthenticationException {
        return fake.verify(token, context);
      }

      @Override
      public boolean isReady() {
        return false;
      }
    };
  }
}
