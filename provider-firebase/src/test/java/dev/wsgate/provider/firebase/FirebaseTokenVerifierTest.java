package dev.wsgate.provider.firebase;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.wsgate.provider.firebase.GoogleStub.Keys;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import dev.wsgate.testkit.ManualKeyScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class FirebaseTokenVerifierTest {
  private static final String PROJECT = "wsgate-test";

  private final Instant now = Instant.now();
  private GoogleStub google;
  private TokenVerifier verifier;

  @BeforeEach
  void start() {
    google = new GoogleStub().serveKeys("/certs", 3600, Keys.A, Keys.B);
    verifier = create(Map.of());
  }

  @AfterEach
  void stop() {
    verifier.close();
    google.close();
  }

  private TokenVerifier create(Map<String, String> extra) {
    return new FirebaseVerifierProvider().create(google.settings(PROJECT, "/certs", extra));
  }

  private Map<String, Object> claims() {
    return IdTokens.claims(PROJECT, "alice", now.minusSeconds(60), now.plusSeconds(3540));
  }

  private VerifiedToken verify(TokenVerifier v, String token) throws AuthenticationException {
    return v.verify(token, VerificationContext.of("default", null, now));
  }

  private Failure rejection(TokenVerifier v, String token) {
    AuthenticationException e =
        catchThrowableOfType(AuthenticationException.class, () -> verify(v, token));
    assertThat(e).as("rejected").isNotNull();
    return e.failure();
  }

  private Failure rejection(String token) {
    return rejection(verifier, token);
  }

  @Test
  void verify_validToken_returnsUidAndFirebaseClaims() throws Exception {
    VerifiedToken t = verify(verifier, IdTokens.sign(Keys.A, claims()));

    assertThat(t.subject()).isEqualTo("alice");
    assertThat(t.providerId()).isEqualTo("firebase");
    assertThat(t.issuer()).isEqualTo("https://securetoken.google.com/" + PROJECT);
    assertThat(t.audience()).containsExactly(PROJECT);
    assertThat(t.expiresAt())
        .contains(Instant.ofEpochSecond(now.plusSeconds(3540).getEpochSecond()));
    assertThat(t.claims())
        .containsEntry("email", "alice@example.com")
        .containsEntry("email_verified", true)
        .containsEntry("auth_time", now.minusSeconds(60).getEpochSecond());
    assertThat(t.claims().get("firebase"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("sign_in_provider", "password");
    assertThat(verifier.isReady()).isTrue();
  }

  @Test
  void create_keyServerUp_fetchesOnceInTheBackgroundAndIsReadyBeforeAnyHandshake()
      throws Exception {
    await("the start-up fetch")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(25))
        .until(verifier::isReady);
    assertThat(google.fetches("/certs")).isEqualTo(1);

    verify(verifier, IdTokens.sign(Keys.A, claims()));
    assertThat(google.fetches("/certs")).isEqualTo(1);
  }

  @Test
  void verify_tokenOfSecondCertificate_accepted() throws Exception {
    assertThat(verify(verifier, IdTokens.sign(Keys.B, claims())).subject()).isEqualTo("alice");
  }

  @Test
  void verify_expiredLongAgo_rejectsWithExpired() {
    Map<String, Object> c =
        IdTokens.claims(PROJECT, "alice", now.minusSeconds(7200), now.minusSeconds(3600));
    assertThat(rejection(IdTokens.sign(Keys.A, c))).isEqualTo(Failure.EXPIRED);
  }

  @Test
  void verify_expiredWithinSdkLeewayButPastClockSkew_rejectsWithExpired() {
    // the SDK alone accepts up to 300 s after exp; wsgate.clock-skew (30 s) decides
    Map<String, Object> c =
        IdTokens.claims(PROJECT, "alice", now.minusSeconds(3700), now.minusSeconds(120));
    assertThat(rejection(IdTokens.sign(Keys.A, c))).isEqualTo(Failure.EXPIRED);
  }

  @Test
  void verify_expiredWithinClockSkew_accepted() throws Exception {
    Map<String, Object> c =
        IdTokens.claims(PROJECT, "alice", now.minusSeconds(3600), now.minusSeconds(10));
    assertThat(verify(verifier, IdTokens.sign(Keys.A, c)).subject()).isEqualTo("alice");
  }

  @Test
  void verify_otherProject_rejectsWithWrongAudience() {
    Map<String, Object> c =
        IdTokens.claims("other-project", "alice", now.minusSeconds(60), now.plusSeconds(600));
    assertThat(rejection(IdTokens.sign(Keys.A, c))).isEqualTo(Failure.WRONG_AUDIENCE);
  }

  @Test
  void verify_rightAudienceWrongIssuer_rejectsWithWrongIssuer() {
    Map<String, Object> c = claims();
    c.put("iss", "https://securetoken.google.com/other-project");
    assertThat(rejection(IdTokens.sign(Keys.A, c))).isEqualTo(Failure.WRONG_ISSUER);
  }

  @Test
  void verify_authTimeInFuture_rejectsWithNotYetValid() {
    // firebase-admin accepts this one; wsgate does not
    Map<String, Object> c = claims();
    c.put("auth_time", now.plusSeconds(120).getEpochSecond());
    assertThat(rejection(IdTokens.sign(Keys.A, c))).isEqualTo(Failure.NOT_YET_VALID);
  }

  @Test
  void verify_issuedInFutureWithinSdkLeeway_rejectsWithNotYetValid() {
    Map<String, Object> c =
        IdTokens.claims(PROJECT, "alice", now.plusSeconds(120), now.plusSeconds(3600));
    assertThat(rejection(IdTokens.sign(Keys.A, c))).isEqualTo(Failure.NOT_YET_VALID);
  }

  @Test
  void verify_issuedFarInFuture_rejectsWithNotYetValid() {
    Map<String, Object> c =
        IdTokens.claims(PROJECT, "alice", now.plusSeconds(1200), now.plusSeconds(3600));
    assertThat(rejection(IdTokens.sign(Keys.A, c))).isEqualTo(Failure.NOT_YET_VALID);
  }

  @Test
  void verify_noAuthTime_rejectsWithMalformedToken() {
    Map<String, Object> c = claims();
    c.remove("auth_time");
    assertThat(rejection(IdTokens.sign(Keys.A, c))).isEqualTo(Failure.MALFORMED_TOKEN);
  }

  @Test
  void verify_untrustedKeyUnknownKid_rejectsWithUnknownKey() {
    assertThat(rejection(IdTokens.sign(Keys.OTHER, claims()))).isEqualTo(Failure.UNKNOWN_KEY);
  }

  @Test
  void verify_trustedKeyUnderUnknownKid_rejectsWithUnknownKey() {
    // firebase-admin tries every certificate whatever the kid and would accept this
    String token = IdTokens.sign(Keys.A, "kid-nobody-published", claims());
    assertThat(rejection(token)).isEqualTo(Failure.UNKNOWN_KEY);
  }

  @Test
  void verify_untrustedKeyUnderKnownKid_rejectsWithInvalidSignature() {
    String token = IdTokens.sign(Keys.OTHER, Keys.A.kid, claims());
    assertThat(rejection(token)).isEqualTo(Failure.INVALID_SIGNATURE);
  }

  @Test
  void certificateFetches_reportedToTheServerWithTheKeyHostAsSource() throws Exception {
    List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    ProviderSettings base = google.settings(PROJECT, "/certs", Map.of());
    ProviderSettings withEvents =
        ProviderSettings.builder(base.prefix())
            .values(Map.of("project-id", PROJECT, "keys-url", google.url("/certs")))
            .events((src, ok) -> events.add(src + "=" + ok))
            .build();
    try (TokenVerifier v = new FirebaseVerifierProvider().create(withEvents)) {
      assertThat(verify(v, IdTokens.sign(Keys.A, claims())).subject()).isEqualTo("alice");
    }
    String source = java.net.URI.create(google.url("/certs")).getAuthority();
    assertThat(events).isNotEmpty().allMatch((source + "=true")::equals);
  }

  @Test
  void verify_publishedKeyUnderAnotherPublishedKid_rejectsWithInvalidSignature() {
    // both A and B are published; firebase-admin tries every certificate and would accept this
    String token = IdTokens.sign(Keys.B, Keys.A.kid, claims());
    assertThat(rejection(token)).isEqualTo(Failure.INVALID_SIGNATURE);
  }

  @Test
  void verify_tamperedPayload_rejectsWithInvalidSignature() {
    String token = IdTokens.sign(Keys.A, claims());
    Map<String, Object> c = claims();
    c.put("sub", "mallory");
    c.put("user_id", "mallory");
    String[] parts = token.split("\\.");
    String tampered = parts[0] + "." + IdTokens.b64(IdTokens.json(c)) + "." + parts[2];
    assertThat(rejection(tampered)).isEqualTo(Failure.INVALID_SIGNATURE);
  }

  @Test
  void verify_hs256Header_rejectsWithUnsupportedAlgorithm() {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "HS256");
    header.put("kid", Keys.A.kid);
    assertThat(rejection(IdTokens.unsigned(header, claims(), "AAAA")))
        .isEqualTo(Failure.UNSUPPORTED_ALGORITHM);
  }

  @Test
  void verify_noKid_rejectsWithMalformedToken() {
    assertThat(rejection(IdTokens.unsigned(Map.of("alg", "RS256"), claims(), "AAAA")))
        .isEqualTo(Failure.MALFORMED_TOKEN);
  }

  @Test
  void verify_notAJwt_rejectsWithMalformedToken() {
    assertThat(rejection("not-a-jwt")).isEqualTo(Failure.MALFORMED_TOKEN);
  }

  @Test
  void verify_keyServerErrorNothingCached_rejectsWithProviderUnavailable() {
    google.server.stubFor(get(urlEqualTo("/down")).willReturn(aResponse().withStatus(500)));
    try (TokenVerifier v = create(Map.of("keys-url", google.url("/down")))) {
      Failure f = rejection(v, IdTokens.sign(Keys.A, claims()));
      assertThat(f).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
      assertThat(f.httpStatus()).isEqualTo(503);
      assertThat(v.isReady()).isFalse();
    }
  }

  @Test
  void verify_keyServerRefusesConnections_rejectsWithProviderUnavailable() throws Exception {
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (TokenVerifier v = create(Map.of("keys-url", "http://127.0.0.1:" + closedPort + "/c"))) {
      assertThat(rejection(v, IdTokens.sign(Keys.A, claims())))
          .isEqualTo(Failure.PROVIDER_UNAVAILABLE);
    }
  }

  @Test
  void verify_keyServerDownAfterCaching_stillVerifiesWithoutFetching() throws Exception {
    verify(verifier, IdTokens.sign(Keys.A, claims()));
    google.server.stubFor(get(urlEqualTo("/certs")).willReturn(aResponse().withStatus(503)));

    assertThat(verify(verifier, IdTokens.sign(Keys.B, claims())).subject()).isEqualTo("alice");
    assertThat(google.fetches("/certs")).isEqualTo(1);
  }

  @Test
  void verify_maxAgeBelowSdkMargin_fetchesOnceNotPerCall() throws Exception {
    google.serveKeys("/short", 0, Keys.A);
    try (TokenVerifier v = create(Map.of("keys-url", google.url("/short")))) {
      for (int i = 0; i < 3; i++) {
        verify(v, IdTokens.sign(Keys.A, claims()));
      }
    }
    assertThat(google.fetches("/short")).isEqualTo(1);
  }

  @Test
  void verify_keyServerSlowerThanReadTimeout_rejectsWithProviderUnavailable() {
    // without wsgate's bound the SDK would wait (20 s by default) and then accept the token
    google.server.stubFor(
        get(urlEqualTo("/slow"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withFixedDelay(3000)
                    .withBody(IdTokens.json(Map.of(Keys.A.kid, Keys.A.certificatePem())))));
    try (TokenVerifier v =
        create(Map.of("keys-url", google.url("/slow"), "read-timeout", "200ms"))) {
      assertThat(rejection(v, IdTokens.sign(Keys.A, claims())))
          .isEqualTo(Failure.PROVIDER_UNAVAILABLE);
    }
  }

  @Test
  void verify_oversizedKeyResponse_rejectsWithProviderUnavailable() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(Keys.A.kid, Keys.A.certificatePem());
    body.put("padding", "x".repeat(GoogleCertificateSource.MAX_BYTES));
    google.server.stubFor(
        get(urlEqualTo("/huge")).willReturn(aResponse().withBody(IdTokens.json(body))));
    try (TokenVerifier v = create(Map.of("keys-url", google.url("/huge")))) {
      assertThat(rejection(v, IdTokens.sign(Keys.A, claims())))
          .isEqualTo(Failure.PROVIDER_UNAVAILABLE);
    }
  }

  @Test
  void verify_badCertificateResponseThenFixed_recoversAtTheNextRetry() throws Exception {
    // firebase-admin alone would keep an empty key set for the whole max-age
    google.server.stubFor(
        get(urlEqualTo("/flaky"))
            .willReturn(
                aResponse()
                    .withHeader("Cache-Control", "public, max-age=21600")
                    .withBody(IdTokens.json(Map.of(Keys.A.kid, "not a certificate")))));
    ManualKeyScheduler time = new ManualKeyScheduler(now);
    try (TokenVerifier v =
        FirebaseVerifierProvider.create(google.settings(PROJECT, "/flaky", Map.of()), time, time)) {
      time.runQueued();
      assertThat(rejection(v, IdTokens.sign(Keys.A, claims())))
          .isEqualTo(Failure.PROVIDER_UNAVAILABLE);

      google.serveKeys("/flaky", 21600, Keys.A);
      time.advance(time.delays().get(0));
      assertThat(verify(v, IdTokens.sign(Keys.A, claims())).subject()).isEqualTo("alice");
    }
  }

  @Test
  void verify_afterClose_rejectsWithInternalError() {
    verifier.close();
    assertThat(rejection(IdTokens.sign(Keys.A, claims()))).isEqualTo(Failure.INTERNAL_ERROR);
  }

  @Test
  void verify_expiryPerContextClock_rejectsWithExpired() throws Exception {
    String token = IdTokens.sign(Keys.A, claims());
    Instant later = now.plus(Duration.ofHours(2));
    AuthenticationException e =
        catchThrowableOfType(
            AuthenticationException.class,
            () -> verifier.verify(token, VerificationContext.of("default", null, later)));
    assertThat(e.failure()).isEqualTo(Failure.EXPIRED);
  }
}
