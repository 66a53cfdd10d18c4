package dev.wsgate.testkit;

import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.TokenVerifierProvider;
import java.time.Instant;
import java.util.Map;

/**
 * The kit run against the fake verifier: proves the kit's own rules pass for a correct provider.
 */
final class FakeConformanceTest extends ProviderConformanceKit {

  static final class FakeProvider implements TokenVerifierProvider {
    @Override
    public String id() {
      return "fake";
    }

    @Override
    public TokenVerifier create(ProviderSettings settings) {
      settings.duration("grace", java.time.Duration.ZERO);
      return new FakeTokenVerifier();
    }
  }

  @Override
  protected TokenVerifierProvider provider() {
    return new FakeProvider();
  }

  @Override
  protected ProviderSettings settings() {
    return ProviderSettings.builder("wsgate.provider.fake.").build();
  }

  @Override
  protected String mint(String subject, Instant issuedAt, Instant expiresAt) {
    return FakeTokenVerifier.token(subject, expiresAt);
  }

  @Override
  protected ProviderSettings badSettings() {
    return ProviderSettings.builder("wsgate.provider.fake.")
        .values(Map.of("grace", "soon"))
        .build();
  }

  @Override
  protected String badSettingKey() {
    return "wsgate.provider.fake.grace";
  }
}
