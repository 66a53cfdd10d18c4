package dev.wsgate.provider.clerk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.wsgate.provider.clerk.ClerkTokens.APP;
import static dev.wsgate.provider.clerk.ClerkTokens.KEY_A;
import static dev.wsgate.provider.clerk.ClerkTokens.KEY_B;
import static dev.wsgate.provider.clerk.ClerkTokens.KID_A;
import static dev.wsgate.provider.clerk.ClerkTokens.KID_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.ProviderEvents;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.testkit.MutableClock;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code secret-key} mode against Clerk's JWKS endpoint served by WireMock ({@code api-url}
 * points at it): our per-instance key cache, its fetch discipline, and the closed SDK holes
 * (tenants sharing a static cache, a fetch per unknown kid, opaque tokens sent to Clerk's API).
 */
final class ClerkJwksTest {
  private static final String SECRET = "sk_test_wsgateClerkJwksTestSecret0123";
  private static WireMockServer clerk;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final Instant now = Instant.now();
  private final List<TokenVerifier> created = new ArrayList<>();

  @BeforeAll
  static void startClerk() {
    clerk = new WireMockServer(options().dynamicPort());
    clerk.start();
  }

  @AfterAll
  static void stopClerk() {
    clerk.stop();
  }

  @BeforeEach
  void reset() {
    clerk.resetAll();
  }

  @AfterEach
  void closeVerifiers() {
    created.forEach(TokenVerifier::close);
  }

  private TokenVerifier create(String apiUrl) {
    return create(apiUrl, ProviderEvents.NONE);
  }

  private TokenVerifier create(String apiUrl, ProviderEvents events) {
    TokenVerifier v =
        new ClerkVerifierProvider()
            .create(
                ProviderSettings.builder("wsgate.tenant.t.provider.clerk.")
                    .values(Map.of("secret-key", SECRET, "api-url", apiUrl))
                    .allowedOrigins(List.of(APP))
                    .clock(clock)
                    .events(events)
                    .build());
    created.add(v);
    return v;
  }

  private TokenVerifier create() {
    return create(clerk.baseUrl());
  }

  private static void serve(String path, Map<String, KeyPair> keys) {
    clerk.stubFor(get(urlEqualTo(path)).willReturn(okJson(ClerkTokens.jwks(keys))));
  }

  private static void serveStatus(int status) {
    clerk.stubFor(get(urlEqualTo("/v1/jwks")).willReturn(aResponse().withStatus(status)));
  }

  private String token(KeyPair key, String kid) {
    return ClerkTokens.sign(key, kid, ClerkTokens.session("user_2jwks", now));
  }

  private Failure rejection(TokenVerifier v, String token) {
    AuthenticationException e =
        catchThrowableOfType(AuthenticationException.class, () -> v.verify(token, context()));
    assertThat(e).as("rejected").isNotNull();
    return e.failure();
  }

  private VerificationContext context() {
    return VerificationContext.of("t", APP, now);
  }

  private static int jwksRequests() {
    return clerk.findAll(anyRequestedFor(anyUrl())).size();
  }

  @Test
  void verify_validToken_fetchesJwksOnceWithSecretAsBearer() throws Exception {
    serve("/v1/jwks", Map.of(KID_A, KEY_A));
    TokenVerifier v = create();
    for (int i = 0; i < 5; i++) {
      assertThat(v.verify(token(KEY_A, KID_A), context()).subject()).isEqualTo("user_2jwks");
    }
    clerk.verify(
        1,
        getRequestedFor(urlEqualTo("/v1/jwks"))
            .withHeader("Authorization", equalTo("Bearer " + SECRET)));
    assertThat(v.isReady()).isTrue();
  }

  @Test
  void fetches_reportedToTheServerWithTheApiHostAsSource() throws Exception {
    List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    String source = java.net.URI.create(clerk.baseUrl()).getAuthority();
    serve("/v1/jwks", Map.of(KID_A, KEY_A));
    TokenVerifier ok = create(clerk.baseUrl(), (src, good) -> events.add(src + "=" + good));
    ok.verify(token(KEY_A, KID_A), context());
    assertThat(events).containsExactly(source + "=true");

    events.clear();
    serveStatus(500);
    TokenVerifier down = create(clerk.baseUrl(), (src, good) -> events.add(src + "=" + good));
    rejection(down, token(KEY_A, KID_A));
    assertThat(events).isNotEmpty().allMatch((source + "=false")::equals);
  }

  @Test
  void verify_jwksDownWithNothingCached_rejectsWithProviderUnavailable() {
    serveStatus(503);
    TokenVerifier v = create();
    assertThat(v.isReady()).isFalse();
    assertThat(rejection(v, token(KEY_A, KID_A))).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
  }

  @Test
  void verify_jwksUnreachable_rejectsWithProviderUnavailable() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    TokenVerifier v = create("http://127.0.0.1:" + closedPort);
    assertThat(rejection(v, token(KEY_A, KID_A))).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
  }

  @Test
  void verify_jwksDownThenBack_retriesOnlyAfterTheMinimumInterval() throws Exception {
    serveStatus(503);
    TokenVerifier v = create();
    assertThat(rejection(v, token(KEY_A, KID_A))).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
    assertThat(jwksRequests()).as("no second fetch within 30 s").isEqualTo(1);

    serve("/v1/jwks", Map.of(KID_A, KEY_A));
    clock.advance(Duration.ofSeconds(31));
    assertThat(v.verify(token(KEY_A, KID_A), context()).subject()).isEqualTo("user_2jwks");
    assertThat(jwksRequests()).isEqualTo(2);
  }

  @Test
  void verify_opaqueClerkTokens_makeNoRequestAtAll() {
    serve("/v1/jwks", Map.of(KID_A, KEY_A));
    TokenVerifier v = create();
    clerk.resetRequests();
    for (String opaque : List.of("ak_2xYzApiKey", "mt_2xYzMachineToken", "oat_2xYzOAuthToken")) {
      assertThat(rejection(v, opaque)).as(opaque).isEqualTo(Failure.MALFORMED_TOKEN);
    }
    assertThat(jwksRequests()).isZero();
  }

  @Test
  void verify_unknownKids_costAtMostOneFetchPerInterval() {
    serve("/v1/jwks", Map.of(KID_A, KEY_A));
    TokenVerifier v = create();
    clock.advance(Duration.ofSeconds(31));
    clerk.resetRequests();
    for (int i = 0; i < 5; i++) {
      assertThat(rejection(v, token(KEY_B, "ins_unknown" + i))).isEqualTo(Failure.UNKNOWN_KEY);
    }
    assertThat(jwksRequests()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(31));
    assertThat(rejection(v, token(KEY_B, "ins_unknownAgain"))).isEqualTo(Failure.UNKNOWN_KEY);
    assertThat(jwksRequests()).isEqualTo(2);
  }

  @Test
  void verify_rotatedKey_acceptedOnceTheIntervalAllowsAFetch() throws Exception {
    serve("/v1/jwks", Map.of(KID_A, KEY_A));
    TokenVerifier v = create();
    Map<String, KeyPair> rotated = new LinkedHashMap<>();
    rotated.put(KID_A, KEY_A);
    rotated.put(KID_B, KEY_B);
    serve("/v1/jwks", rotated);
    assertThat(rejection(v, token(KEY_B, KID_B))).isEqualTo(Failure.UNKNOWN_KEY);
    clock.advance(Duration.ofSeconds(31));
    assertThat(v.verify(token(KEY_B, KID_B), context()).subject()).isEqualTo("user_2jwks");
  }

  @Test
  void verify_twoTenantsWithTheSameKidAndDifferentKeys_doNotCross() throws Exception {
    serve("/acme/v1/jwks", Map.of(KID_A, KEY_A));
    serve("/globex/v1/jwks", Map.of(KID_A, KEY_B));
    TokenVerifier acme = create(clerk.baseUrl() + "/acme");
    TokenVerifier globex = create(clerk.baseUrl() + "/globex");
    String acmeToken = token(KEY_A, KID_A);
    String globexToken = token(KEY_B, KID_A);

    assertThat(acme.verify(acmeToken, context()).subject()).isEqualTo("user_2jwks");
    assertThat(globex.verify(globexToken, context()).subject()).isEqualTo("user_2jwks");
    assertThat(rejection(acme, globexToken)).isEqualTo(Failure.INVALID_SIGNATURE);
    assertThat(rejection(globex, acmeToken)).isEqualTo(Failure.INVALID_SIGNATURE);
  }

  @Test
  void verify_staleKeysAndJwksDown_keepsUsingCachedKeys() throws Exception {
    serve("/v1/jwks", Map.of(KID_A, KEY_A));
    TokenVerifier v = create();
    serveStatus(503);
    clock.advance(Duration.ofHours(2));
    assertThat(v.verify(token(KEY_A, KID_A), context()).subject()).isEqualTo("user_2jwks");
    assertThat(jwksRequests()).as("one refresh attempt").isEqualTo(2);
  }

  @Test
  void verify_kidRemovedAtRefresh_rejectsWithUnknownKey() {
    serve("/v1/jwks", Map.of(KID_A, KEY_A));
    TokenVerifier v = create();
    serve("/v1/jwks", Map.of(KID_B, KEY_B));
    clock.advance(Duration.ofHours(2));
    assertThat(rejection(v, token(KEY_A, KID_A))).isEqualTo(Failure.UNKNOWN_KEY);
  }

  @Test
  void verify_jwksRedirect_notFollowed() {
    clerk.stubFor(
        get(urlEqualTo("/v1/jwks"))
            .willReturn(aResponse().withStatus(302).withHeader("Location", "/elsewhere")));
    TokenVerifier v = create();
    assertThat(rejection(v, token(KEY_A, KID_A))).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
    clerk.verify(0, getRequestedFor(urlEqualTo("/elsewhere")));
  }

  @Test
  void verify_oversizedJwks_rejectsWithProviderUnavailable() {
    clerk.stubFor(
        get(urlEqualTo("/v1/jwks"))
            .willReturn(okJson("{\"keys\":[],\"pad\":\"" + "x".repeat(70_000) + "\"}")));
    TokenVerifier v = create();
    assertThat(rejection(v, token(KEY_A, KID_A))).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
  }

  @Test
  void verify_tokenWithoutKid_rejectsWithMalformedTokenWithoutFetching() {
    serve("/v1/jwks", Map.of(KID_A, KEY_A));
    TokenVerifier v = create();
    clerk.resetRequests();
    Map<String, Object> header = new LinkedHashMap<>(Map.of("alg", "RS256", "typ", "JWT"));
    String token = ClerkTokens.sign(KEY_A, header, ClerkTokens.session("user_1", now));
    assertThat(rejection(v, token)).isEqualTo(Failure.MALFORMED_TOKEN);
    assertThat(jwksRequests()).isZero();
  }

  @Test
  void verify_manyThreadsAfterAnOutage_shareOneFetch() throws Exception {
    serveStatus(503);
    TokenVerifier v = create();
    serve("/v1/jwks", Map.of(KID_A, KEY_A));
    clock.advance(Duration.ofSeconds(31));
    clerk.resetRequests();
    String valid = token(KEY_A, KID_A);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int n = i;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  if (n % 2 == 0) {
                    return v.verify(valid, context()).subject();
                  }
                  return rejection(v, token(KEY_B, "ins_forged" + n)).name();
                }));
      }
      start.countDown();
      for (int i = 0; i < 8; i++) {
        assertThat(results.get(i).get(30, TimeUnit.SECONDS))
            .isEqualTo(i % 2 == 0 ? "user_2jwks" : "UNKNOWN_KEY");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(jwksRequests()).isEqualTo(1);
  }
}
