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
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.wsgate.internal.keys.KeySet;
import dev.wsgate.internal.keys.Verifications;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.ProviderEvents;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import dev.wsgate.testkit.ManualKeyScheduler;
import dev.wsgate.testkit.MutableClock;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code secret-key} mode against Clerk's JWKS endpoint served by WireMock ({@code api-url}
 * points at it): our per-instance key cache, its fetch discipline (issue 16's recovery and rotation
 * targets among them, with made-up time where time matters), and the closed SDK holes (tenants
 * sharing a static cache, a fetch per unknown kid, opaque tokens sent to Clerk's API).
 */
final class ClerkJwksTest {
  private static final String SECRET = "sk_test_wsgateClerkJwksTestSecret0123";
  private static final KeyPair FORGER = KEY_B;
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

  /** A verifier whose key set runs on {@code time}: fetches when the test says, made-up time. */
  private TokenVerifier create(ManualKeyScheduler time) {
    TokenVerifier v =
        ClerkVerifierProvider.create(
            ProviderSettings.builder("wsgate.tenant.t.provider.clerk.")
                .values(Map.of("secret-key", SECRET, "api-url", clerk.baseUrl()))
                .allowedOrigins(List.of(APP))
                .build(),
            time,
            time);
    created.add(v);
    return v;
  }

  /** {@link #create()}, once its start-up fetch has loaded the keys. */
  private TokenVerifier createReady() {
    TokenVerifier v = create();
    await("keys loaded")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(25))
        .until(v::isReady);
    return v;
  }

  /** A handshake at {@code time}: the failure, or null when accepted; its fetches run first. */
  private Failure handshake(TokenVerifier v, String token, ManualKeyScheduler time) {
    CompletableFuture<VerifiedToken> f =
        v.verifyAsync(token, context(), Runnable::run).toCompletableFuture();
    time.runQueued();
    assertThat(f).isDone();
    try {
      Verifications.await(f);
      return null;
    } catch (AuthenticationException e) {
      return e.failure();
    }
  }

  private static void serve(String path, Map<String, KeyPair> keys) {
    clerk.stubFor(get(urlEqualTo(path)).willReturn(okJson(ClerkTokens.jwks(keys))));
  }

  private static void serveStatus(int status) {
    clerk.stubFor(get(urlEqualTo("/v1/jwks")).willReturn(aResponse().withStatus(status)));
  }

  /** A token naming {@code kid}, signed by a key Clerk never published. */
  private String forged(String kid) {
    return ClerkTokens.sign(FORGER, kid, ClerkTokens.session("user_2jwks", now));
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
  void verify_startedWhileJwksDown_refusedAtOnceAndAcceptedWithinThreeSecondsOfItsReturn() {
    serveStatus(503);
    ManualKeyScheduler time = new ManualKeyScheduler(now);
    TokenVerifier v = create(time);
    time.runQueued(); // the start-up fetch fails
    String token = token(KEY_A, KID_A);
    for (int i = 0; i < 100; i++) { // 10 s of outage, ten handshakes a second
      assertThat(v.verifyAsync(token, context(), Runnable::run).toCompletableFuture().isDone())
          .as("refused at once")
          .isTrue();
      assertThat(handshake(v, token, time)).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
      time.advance(Duration.ofMillis(100));
    }
    int retries = time.delays().size() - time.pendingTimers();
    assertThat(jwksRequests()).as("one fetch per retry step").isEqualTo(1 + retries);

    serve("/v1/jwks", Map.of(KID_A, KEY_A));
    Duration sinceReturn = Duration.ZERO;
    while (handshake(v, token, time) != null) {
      time.advance(Duration.ofMillis(100));
      sinceReturn = sinceReturn.plusMillis(100);
    }
    assertThat(sinceReturn).isLessThanOrEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void verify_opaqueClerkTokens_makeNoRequestAtAll() throws Exception {
    serve("/v1/jwks", Map.of(KID_A, KEY_A));
    TokenVerifier v = createReady();
    clerk.resetRequests();
    for (String opaque : List.of("ak_2xYzApiKey", "mt_2xYzMachineToken", "oat_2xYzOAuthToken")) {
      assertThat(rejection(v, opaque)).as(opaque).isEqualTo(Failure.MALFORMED_TOKEN);
    }
    assertThat(jwksRequests()).isZero();
  }

  @Test
  void verify_unknownKids_costAtMostOneFetchPerCooldown() throws Exception {
    serve("/v1/jwks", Map.of(KID_A, KEY_A));
    TokenVerifier v = createReady();
    clerk.resetRequests();
    for (int i = 0; i < 1_000; i++) {
      assertThat(rejection(v, forged("ins_unknown" + i))).isEqualTo(Failure.UNKNOWN_KEY);
    }
    assertThat(jwksRequests()).as("1,000 forged kids").isEqualTo(1);
    clock.advance(KeySet.REFETCH_COOLDOWN);
    assertThat(rejection(v, token(KEY_B, "ins_unknownAgain"))).isEqualTo(Failure.UNKNOWN_KEY);
    assertThat(jwksRequests()).isEqualTo(2);
  }

  @Test
  void verify_keyPublishedRightAfterStartUp_acceptedAtOnce() throws Exception {
    serve("/v1/jwks", Map.of(KID_A, KEY_A));
    TokenVerifier v = createReady();
    Map<String, KeyPair> rotated = new LinkedHashMap<>();
    rotated.put(KID_A, KEY_A);
    rotated.put(KID_B, KEY_B);
    serve("/v1/jwks", rotated);
    assertThat(v.verify(token(KEY_B, KID_B), context()).subject()).isEqualTo("user_2jwks");
    assertThat(jwksRequests()).isEqualTo(2);
  }

  @Test
  void verify_keyPublishedRightAfterAnotherRefetch_acceptedWithinFiveSeconds() {
    serve("/v1/jwks", Map.of(KID_A, KEY_A));
    ManualKeyScheduler time = new ManualKeyScheduler(now);
    TokenVerifier v = create(time);
    time.runQueued();
    assertThat(handshake(v, forged("ins_forged"), time)).isEqualTo(Failure.UNKNOWN_KEY);
    Map<String, KeyPair> rotated = new LinkedHashMap<>();
    rotated.put(KID_A, KEY_A);
    rotated.put(KID_B, KEY_B);
    serve("/v1/jwks", rotated);
    String tokenB = token(KEY_B, KID_B);
    Duration sincePublished = Duration.ZERO;
    Failure f;
    while ((f = handshake(v, tokenB, time)) != null) {
      assertThat(f).isEqualTo(Failure.UNKNOWN_KEY);
      time.advance(Duration.ofMillis(100));
      sincePublished = sincePublished.plusMillis(100);
    }
    assertThat(sincePublished).isLessThanOrEqualTo(Duration.ofSeconds(5));
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
  void verify_staleKeysAndJwksDown_keepsUsingCachedKeys() {
    serve("/v1/jwks", Map.of(KID_A, KEY_A));
    ManualKeyScheduler time = new ManualKeyScheduler(now);
    TokenVerifier v = create(time);
    time.runQueued();
    serveStatus(503);
    time.advance(Duration.ofHours(2));
    assertThat(handshake(v, token(KEY_A, KID_A), time)).isNull();
    assertThat(jwksRequests()).as("one refresh attempt").isEqualTo(2);
    assertThat(handshake(v, token(KEY_A, KID_A), time)).isNull();
    assertThat(jwksRequests()).as("not again within the cooldown").isEqualTo(2);
    assertThat(v.isReady()).isTrue();
  }

  @Test
  void verify_kidRemovedAtRefresh_rejectsWithUnknownKeyOnceTheRefreshIsIn() {
    serve("/v1/jwks", Map.of(KID_A, KEY_A));
    ManualKeyScheduler time = new ManualKeyScheduler(now);
    TokenVerifier v = create(time);
    time.runQueued();
    serve("/v1/jwks", Map.of(KID_B, KEY_B));
    time.advance(Duration.ofHours(2));
    CompletableFuture<VerifiedToken> during =
        v.verifyAsync(token(KEY_A, KID_A), context(), Runnable::run).toCompletableFuture();
    assertThat(during).as("answered from the keys held while the refresh runs").isDone();
    time.runQueued();
    assertThat(handshake(v, token(KEY_A, KID_A), time)).isEqualTo(Failure.UNKNOWN_KEY);
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
  void verify_tokenWithoutKid_rejectsWithMalformedTokenWithoutFetching() throws Exception {
    serve("/v1/jwks", Map.of(KID_A, KEY_A));
    TokenVerifier v = createReady();
    clerk.resetRequests();
    Map<String, Object> header = new LinkedHashMap<>(Map.of("alg", "RS256", "typ", "JWT"));
    String token = ClerkTokens.sign(KEY_A, header, ClerkTokens.session("user_1", now));
    assertThat(rejection(v, token)).isEqualTo(Failure.MALFORMED_TOKEN);
    assertThat(jwksRequests()).isZero();
  }

  @Test
  void verifyAsync_manyHandshakesWhileTheRetryRuns_shareItsFetch() {
    serveStatus(503);
    ManualKeyScheduler time = new ManualKeyScheduler(now);
    TokenVerifier v = create(time);
    time.runQueued();
    serve("/v1/jwks", Map.of(KID_A, KEY_A));
    time.fire(time.delays().get(0)); // the retry is queued, not yet run
    clerk.resetRequests();
    String valid = token(KEY_A, KID_A);
    List<CompletableFuture<VerifiedToken>> good = new ArrayList<>();
    List<CompletableFuture<VerifiedToken>> forged = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      good.add(v.verifyAsync(valid, context(), Runnable::run).toCompletableFuture());
      forged.add(
          v.verifyAsync(forged("ins_forged" + i), context(), Runnable::run).toCompletableFuture());
    }
    assertThat(good).noneMatch(CompletableFuture::isDone);
    time.runQueued();
    assertThat(good).allMatch(f -> f.join().subject().equals("user_2jwks"));
    assertThat(forged)
        .allSatisfy(
            f ->
                assertThat(Verifications.unwrap(f.handle((r, e) -> e).join()))
                    .isInstanceOfSatisfying(
                        AuthenticationException.class,
                        e -> assertThat(e.failure()).isEqualTo(Failure.UNKNOWN_KEY)));
    assertThat(jwksRequests()).as("the retry, and one refetch for the forged kids").isEqualTo(2);
  }
}
