package dev.wsgate.provider.clerk;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifierProvider;
import dev.wsgate.testkit.ProviderConformanceKit;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The conformance kit against the {@code secret-key} mode, keys served by WireMock. */
final class ClerkSecretKeyConformanceTest extends ProviderConformanceKit {
  private static WireMockServer clerk;

  @BeforeAll
  static void startClerk() {
    clerk = new WireMockServer(options().dynamicPort());
    clerk.start();
    clerk.stubFor(
        get(urlEqualTo("/v1/jwks"))
            .willReturn(okJson(ClerkTokens.jwks(Map.of(ClerkTokens.KID_A, ClerkTokens.KEY_A)))));
  }

  @AfterAll
  static void stopClerk() {
    clerk.stop();
  }

  @Override
  protected TokenVerifierProvider provider() {
    return new ClerkVerifierProvider();
  }

  @Override
  protected ProviderSettings settings() {
    return settings(clerk.baseUrl());
  }

  private static ProviderSettings settings(String apiUrl) {
    return ProviderSettings.builder("wsgate.provider.clerk.")
        .values(Map.of("secret-key", "sk_test_conformance", "api-url", apiUrl))
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
    return settings("ftp://api.clerk.example");
  }

  @Override
  protected String badSettingKey() {
    return "wsgate.provider.clerk.api-url";
  }

  @Override
  protected boolean isSharedJvmThread(Thread t) {
    // WireMock's Jetty threads serve the whole class (they start as key fetches come in, which now
    // happen in the background after create); the JDK's HTTP keep-alive reaper is shared
    return super.isSharedJvmThread(t)
        || t.getName().startsWith("qtp")
        || t.getName().startsWith("Connector-Scheduler")
        || t.getName().startsWith("Keep-Alive-");
  }
}
