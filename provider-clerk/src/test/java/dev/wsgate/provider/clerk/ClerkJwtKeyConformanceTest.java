package dev.wsgate.provider.clerk;

import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifierProvider;
import dev.wsgate.testkit.ProviderConformanceKit;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The conformance kit against the networkless {@code jwt-key} mode. */
final class ClerkJwtKeyConformanceTest extends ProviderConformanceKit {

  @Override
  protected TokenVerifierProvider provider() {
    return new ClerkVerifierProvider();
  }

  @Override
  protected ProviderSettings settings() {
    return ProviderSettings.builder("wsgate.provider.clerk.")
        .values(Map.of("jwt-key", ClerkTokens.pem(ClerkTokens.KEY_A)))
        .allowedOrigins(List.of(ClerkTokens.APP))
        .build();
  }

  @Override
  protected String mint(String subject, Instant issuedAt, Instant expiresAt) {
    Map<String, Object> claims = ClerkTokens.session(subject, issuedAt);
    claims.put("exp", expiresAt.getEpochSecond());
    return ClerkTokens.sign(ClerkTokens.KEY_A, ClerkTokens.KID_A, claims);
  }

  @Override
  protected ProviderSettings badSettings() {
    return ProviderSettings.builder("wsgate.provider.clerk.")
        .values(
            Map.of("jwt-key", "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----"))
        .allowedOrigins(List.of(ClerkTokens.APP))
        .build();
  }

  @Override
  protected String badSettingKey() {
    return "wsgate.provider.clerk.jwt-key";
  }
}
