package dev.wsgate.provider.hmac;

import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifierProvider;
import dev.wsgate.testkit.ProviderConformanceKit;
import java.time.Instant;
import java.util.Map;

final class HmacConformanceTest extends ProviderConformanceKit {
  @Override
  protected TokenVerifierProvider provider() {
    return new HmacVerifierProvider();
  }

  @Override
  protected ProviderSettings settings() {
    return ProviderSettings.builder("wsgate.provider.hmac.")
        .values(Map.of("secret", TestJwts.SECRET))
        .build();
  }

  @Override
  protected String mint(String subject, Instant issuedAt, Instant expiresAt) {
    return TestJwts.hs256(
        "{\"alg\":\"HS256\"}",
        "{\"sub\":\""
            + subject
            + "\",\"iat\":"
            + issuedAt.getEpochSecond()
            + ",\"exp\":"
            + expiresAt.getEpochSecond()
            + "}");
  }

  @Override
  protected ProviderSettings badSettings() {
    return ProviderSettings.builder("wsgate.provider.hmac.")
        .values(Map.of("secret", "short"))
        .build();
  }

  @Override
  protected String badSettingKey() {
    return "wsgate.provider.hmac.secret";
  }
}
