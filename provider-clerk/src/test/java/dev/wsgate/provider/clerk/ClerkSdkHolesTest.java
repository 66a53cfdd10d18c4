package dev.wsgate.provider.clerk;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.wsgate.provider.clerk.ClerkTokens.KEY_A;
import static dev.wsgate.provider.clerk.ClerkTokens.KEY_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.clerk.backend_api.helpers.security.VerifyToken;
import com.clerk.backend_api.helpers.security.models.VerifyTokenOptions;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code com.clerk:backend-api} 5.0.0 does on its own, measured: the gaps the provider closes
 * (each closure is tested in {@link ClerkTokenVerifierTest} and {@link ClerkJwksTest}). If an SDK
 * upgrade makes one of these fail, the SDK changed: revisit the provider's workaround.
 */
final class ClerkSdkHolesTest {
  private static WireMockServer clerk;
  private final Instant now = Instant.now();

  @BeforeAll
  static void start() {
    clerk = new WireMockServer(options().dynamicPort());
    clerk.start();
  }

  @AfterAll
  static void stop() {
    clerk.stop();
  }

  @BeforeEach
  void reset() {
    clerk.resetAll();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> sdk(String token, VerifyTokenOptions options)
      throws Exception {
    return (Map<String, Object>) VerifyToken.verifyToken(token, options).payload();
  }

  private static VerifyTokenOptions networkless() {
    return VerifyTokenOptions.jwtKey(ClerkTokens.pem(KEY_A))
        .authorizedParty(ClerkTokens.APP)
        .build();
  }

  @Test
  void sdk_tokenWithoutExp_accepted() throws Exception {
    Map<String, Object> c = ClerkTokens.session("user_1", now);
    c.remove("exp");
    assertThat(sdk(ClerkTokens.sign(KEY_A, "k", c), networkless())).containsKey("sub");
  }

  @Test
  void sdk_foreignIssuer_accepted() throws Exception {
    Map<String, Object> c = ClerkTokens.session("user_1", now);
    c.put("iss", "https://issuer.evil.example");
    assertThat(sdk(ClerkTokens.sign(KEY_A, "k", c), networkless())).containsKey("sub");
  }

  @Test
  void sdk_missingAzpWithAuthorizedParties_accepted() throws Exception {
    Map<String, Object> c = ClerkTokens.session("user_1", now);
    c.remove("azp");
    assertThat(sdk(ClerkTokens.sign(KEY_A, "k", c), networkless())).containsKey("sub");
  }

  @Test
  void sdk_apiKeyPrefixedToken_postsItToClerkWithOurSecret() {
    VerifyTokenOptions options =
        VerifyTokenOptions.secretKey("sk_test_probe").apiUrl(clerk.baseUrl()).build();
    catchThrowable(() -> sdk("ak_anything", options));
    clerk.verify(
        1,
        postRequestedFor(urlEqualTo("/api_keys/verify"))
            .withHeader("Authorization", equalTo("Bearer sk_test_probe")));
  }

  @Test
  void sdk_staticKeyCache_servesOneInstancesKeyToAnother() throws Exception {
    String kid = "ins_sdkStaticCacheProbe";
    clerk.stubFor(
        get(urlEqualTo("/acme/v1/jwks")).willReturn(okJson(ClerkTokens.jwks(Map.of(kid, KEY_A)))));
    clerk.stubFor(
        get(urlEqualTo("/globex/v1/jwks"))
            .willReturn(okJson(ClerkTokens.jwks(Map.of(kid, KEY_B)))));
    Map<String, Object> c = ClerkTokens.session("user_1", now);
    VerifyTokenOptions acme =
        VerifyTokenOptions.secretKey("sk_test_acme").apiUrl(clerk.baseUrl() + "/acme").build();
    VerifyTokenOptions globex =
        VerifyTokenOptions.secretKey("sk_test_globex").apiUrl(clerk.baseUrl() + "/globex").build();

    assertThat(sdk(ClerkTokens.sign(KEY_A, kid, c), acme)).containsKey("sub");
    Throwable globexOwnToken = catchThrowable(() -> sdk(ClerkTokens.sign(KEY_B, kid, c), globex));

    assertThat(globexOwnToken).as("globex's valid token checked with acme's key").isNotNull();
    clerk.verify(0, anyRequestedFor(urlEqualTo("/globex/v1/jwks")));
  }

  @Test
  void sdk_everyUnknownKid_costsAFetch() {
    clerk.stubFor(
        get(urlEqualTo("/v1/jwks")).willReturn(okJson(ClerkTokens.jwks(Map.of("known", KEY_A)))));
    VerifyTokenOptions options =
        VerifyTokenOptions.secretKey("sk_test_probe").apiUrl(clerk.baseUrl()).build();
    Map<String, Object> c = ClerkTokens.session("user_1", now);
    for (int i = 0; i < 3; i++) {
      String token = ClerkTokens.sign(KEY_A, "unknown-" + i + "-" + now.toEpochMilli(), c);
      catchThrowable(() -> sdk(token, options));
    }
    assertThat(clerk.findAll(anyRequestedFor(anyUrl()))).hasSize(3);
  }
}
