package dev.wsgate.provider.clerk;

import static dev.wsgate.provider.clerk.ClerkTokens.APP;
import static dev.wsgate.provider.clerk.ClerkTokens.ISSUER;
import static dev.wsgate.provider.clerk.ClerkTokens.KEY_A;
import static dev.wsgate.provider.clerk.ClerkTokens.KEY_B;
import static dev.wsgate.provider.clerk.ClerkTokens.KID_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The networkless {@code jwt-key} mode: Clerk-shaped tokens, every check the provider adds on top
 * of the SDK, and the mapping of the SDK's errors. Tokens are minted around the real time because
 * the SDK reads the system clock; wsgate's own checks use the context's time.
 */
final class ClerkTokenVerifierTest {
  private final Instant now = Instant.now();
  private TokenVerifier verifier = create(Map.of("jwt-key", ClerkTokens.pem(KEY_A)));

  @AfterEach
  void close() {
    verifier.close();
  }

  private static TokenVerifier create(Map<String, String> values) {
    return new ClerkVerifierProvider()
        .create(
            ProviderSettings.builder("wsgate.provider.clerk.")
                .values(values)
                .allowedOrigins(List.of(APP, "https://*.example.com"))
                .clockSkew(Duration.ofSeconds(5))
                .build());
  }

  private VerifiedToken verify(String token) throws AuthenticationException {
    return verifier.verify(token, VerificationContext.of("acme", APP, now));
  }

  private Failure rejection(String token, String origin, Instant at) {
    AuthenticationException e =
        catchThrowableOfType(
            AuthenticationException.class,
            () -> verifier.verify(token, VerificationContext.of("acme", origin, at)));
    assertThat(e).as("rejected").isNotNull();
    assertThat(e.getMessage()).doesNotContain(token);
    return e.failure();
  }

  private Failure rejection(String token) {
    return rejection(token, APP, now);
  }

  private Map<String, Object> claims() {
    return new LinkedHashMap<>(ClerkTokens.session("user_2NNEqL2nrIRdJ194ndJqAHwEfxC", now));
  }

  @Test
  void verify_validSessionToken_carriesUserSessionAndTenant() throws Exception {
    VerifiedToken t = verify(ClerkTokens.sign(KEY_A, KID_A, claims()));

    assertThat(t.providerId()).isEqualTo("clerk");
    assertThat(t.subject()).isEqualTo("user_2NNEqL2nrIRdJ194ndJqAHwEfxC");
    assertThat(t.claims()).containsEntry("sid", "sess_2bQ8yTestSession");
    assertThat(t.issuer()).isEqualTo(ISSUER);
    assertThat(t.expiresAt()).contains(Instant.ofEpochSecond(now.getEpochSecond() + 60));
    assertThat(t.tenant()).isEqualTo("acme");
    assertThat(t.claims().get("exp")).isEqualTo(now.getEpochSecond() + 60);
    assertThat(t.scopes()).isEmpty();
  }

  @Test
  void verify_v2OrganisationClaim_exposesOrgIdRoleAndPermissions() throws Exception {
    Map<String, Object> c = claims();
    c.put("fea", "o:dashboard,o:teams");
    c.put(
        "o",
        Map.of(
            "id", "org_2abc", "rol", "admin", "slg", "acme", "per", "manage,read", "fpm", "3,2"));

    VerifiedToken t = verify(ClerkTokens.sign(KEY_A, KID_A, c));

    assertThat(t.claims())
        .containsEntry("org_id", "org_2abc")
        .containsEntry("org_slug", "acme")
        .containsEntry("org_role", "org:admin");
    assertThat(t.scopes())
        .containsExactlyInAnyOrder(
            "org:admin", "org:dashboard:manage", "org:dashboard:read", "org:teams:read");
  }

  @Test
  void verify_v1OrganisationClaims_exposedUnchanged() throws Exception {
    Map<String, Object> c = claims();
    c.remove("v");
    c.put("org_id", "org_1xyz");
    c.put("org_role", "org:member");
    c.put("org_permissions", List.of("org:invoices:read"));

    VerifiedToken t = verify(ClerkTokens.sign(KEY_A, KID_A, c));

    assertThat(t.claims())
        .containsEntry("org_id", "org_1xyz")
        .containsEntry("org_role", "org:member");
    assertThat(t.scopes()).containsExactlyInAnyOrder("org:member", "org:invoices:read");
  }

  @Test
  void verify_expiredBySystemClock_rejectsWithExpired() {
    Map<String, Object> c = ClerkTokens.session("user_1", now.minusSeconds(600));
    assertThat(rejection(ClerkTokens.sign(KEY_A, KID_A, c))).isEqualTo(Failure.EXPIRED);
  }

  @Test
  void verify_expiredByInjectedClockOnly_rejectsWithExpired() {
    String token = ClerkTokens.sign(KEY_A, KID_A, claims());
    assertThat(rejection(token, APP, now.plusSeconds(66))).isEqualTo(Failure.EXPIRED);
  }

  @Test
  void verify_withinClockSkewAfterExp_accepted() throws Exception {
    String token = ClerkTokens.sign(KEY_A, KID_A, claims());
    VerifiedToken t =
        verifier.verify(token, VerificationContext.of("acme", APP, now.plusSeconds(63)));
    assertThat(t.subject()).isEqualTo("user_2NNEqL2nrIRdJ194ndJqAHwEfxC");
  }

  @Test
  void verify_noExpClaim_rejectedThoughTheSdkAcceptsIt() {
    Map<String, Object> c = claims();
    c.remove("exp");
    assertThat(rejection(ClerkTokens.sign(KEY_A, KID_A, c))).isEqualTo(Failure.MALFORMED_TOKEN);
  }

  @Test
  void verify_nbfInTheFuture_rejectsWithNotYetValid() {
    Map<String, Object> c = claims();
    c.put("nbf", now.getEpochSecond() + 600);
    c.put("exp", now.getEpochSecond() + 660);
    assertThat(rejection(ClerkTokens.sign(KEY_A, KID_A, c))).isEqualTo(Failure.NOT_YET_VALID);
  }

  @Test
  void verify_notYetValidByInjectedClockOnly_rejectsWithNotYetValid() {
    String token = ClerkTokens.sign(KEY_A, KID_A, claims());
    assertThat(rejection(token, APP, now.minusSeconds(120))).isEqualTo(Failure.NOT_YET_VALID);
  }

  @Test
  void verify_wrongKey_rejectsWithInvalidSignature() {
    String token = ClerkTokens.sign(KEY_B, KID_A, claims());
    assertThat(rejection(token)).isEqualTo(Failure.INVALID_SIGNATURE);
  }

  @Test
  void verify_azpNotAuthorized_rejectsWithWrongAudience() {
    Map<String, Object> c = claims();
    c.put("azp", "https://evil.example.net");
    assertThat(rejection(ClerkTokens.sign(KEY_A, KID_A, c), null, now))
        .isEqualTo(Failure.WRONG_AUDIENCE);
  }

  @Test
  void verify_azpMatchesOnlyAWildcardOrigin_rejectsWithWrongAudience() {
    Map<String, Object> c = claims();
    c.put("azp", "https://other.example.com");
    assertThat(rejection(ClerkTokens.sign(KEY_A, KID_A, c), "https://other.example.com", now))
        .isEqualTo(Failure.WRONG_AUDIENCE);
  }

  @Test
  void verify_noAzp_rejectedThoughTheSdkAcceptsIt() {
    Map<String, Object> c = claims();
    c.remove("azp");
    assertThat(rejection(ClerkTokens.sign(KEY_A, KID_A, c))).isEqualTo(Failure.WRONG_AUDIENCE);
  }

  @Test
  void verify_originDiffersFromAzp_rejectsWithWrongAudience() {
    verifier.close();
    verifier =
        create(
            Map.of(
                "jwt-key",
                ClerkTokens.pem(KEY_A),
                "authorized-parties",
                APP + ",https://admin.example.com"));
    String token = ClerkTokens.sign(KEY_A, KID_A, claims());
    assertThat(rejection(token, "https://admin.example.com", now))
        .isEqualTo(Failure.WRONG_AUDIENCE);
  }

  @Test
  void verify_originEqualsAzpUpToCaseAndDefaultPort_accepted() throws Exception {
    String token = ClerkTokens.sign(KEY_A, KID_A, claims());
    VerifiedToken t =
        verifier.verify(token, VerificationContext.of("acme", "HTTPS://App.Example.com:443", now));
    assertThat(t.claims()).containsEntry("azp", APP);
  }

  @Test
  void verify_noOriginButAuthorizedAzp_accepted() throws Exception {
    String token = ClerkTokens.sign(KEY_A, KID_A, claims());
    assertThat(verifier.verify(token, VerificationContext.of("acme", null, now)).subject())
        .startsWith("user_");
  }

  @Test
  void verify_issuerNotAClerkFrontendApi_rejectsWithWrongIssuer() {
    Map<String, Object> c = claims();
    c.put("iss", "https://issuer.example.com");
    assertThat(rejection(ClerkTokens.sign(KEY_A, KID_A, c))).isEqualTo(Failure.WRONG_ISSUER);
  }

  @Test
  void verify_noIssuer_rejectsWithWrongIssuer() {
    Map<String, Object> c = claims();
    c.remove("iss");
    assertThat(rejection(ClerkTokens.sign(KEY_A, KID_A, c))).isEqualTo(Failure.WRONG_ISSUER);
  }

  @Test
  void verify_productionIssuerByDefaultRule_accepted() throws Exception {
    Map<String, Object> c = claims();
    c.put("iss", "https://clerk.example.com");
    assertThat(verify(ClerkTokens.sign(KEY_A, KID_A, c)).issuer())
        .isEqualTo("https://clerk.example.com");
  }

  @Test
  void verify_configuredIssuer_requiresExactMatch() throws Exception {
    verifier.close();
    verifier =
        create(Map.of("jwt-key", ClerkTokens.pem(KEY_A), "issuer", "https://clerk.example.com"));
    Map<String, Object> c = claims();
    c.put("iss", "https://clerk.example.com");
    assertThat(verify(ClerkTokens.sign(KEY_A, KID_A, c)).subject()).startsWith("user_");
    assertThat(rejection(ClerkTokens.sign(KEY_A, KID_A, claims()))).isEqualTo(Failure.WRONG_ISSUER);
  }

  @Test
  void verify_audienceConfiguredAndMissingOrWrong_rejectsWithWrongAudience() throws Exception {
    verifier.close();
    verifier = create(Map.of("jwt-key", ClerkTokens.pem(KEY_A), "audience", "wsgate-api"));
    assertThat(rejection(ClerkTokens.sign(KEY_A, KID_A, claims())))
        .isEqualTo(Failure.WRONG_AUDIENCE);
    Map<String, Object> c = claims();
    c.put("aud", "other-api");
    assertThat(rejection(ClerkTokens.sign(KEY_A, KID_A, c))).isEqualTo(Failure.WRONG_AUDIENCE);
    c.put("aud", List.of("other-api", "wsgate-api"));
    assertThat(verify(ClerkTokens.sign(KEY_A, KID_A, c)).audience())
        .containsExactly("other-api", "wsgate-api");
  }

  @Test
  void verify_hs256Header_rejectsWithUnsupportedAlgorithm() {
    Map<String, Object> header = new HashMap<>(Map.of("alg", "HS256", "kid", KID_A, "typ", "JWT"));
    String token = ClerkTokens.sign(KEY_A, header, claims());
    assertThat(rejection(token)).isEqualTo(Failure.UNSUPPORTED_ALGORITHM);
  }

  @Test
  void verify_opaqueClerkTokens_rejectsWithMalformedToken() {
    for (String opaque : List.of("ak_2xYzSomeApiKey", "mt_2xYzMachine", "oat_2xYzOAuth")) {
      assertThat(rejection(opaque)).as(opaque).isEqualTo(Failure.MALFORMED_TOKEN);
    }
  }

  @Test
  void verify_subjectMissing_rejectsWithMalformedToken() {
    Map<String, Object> c = claims();
    c.remove("sub");
    assertThat(rejection(ClerkTokens.sign(KEY_A, KID_A, c))).isEqualTo(Failure.MALFORMED_TOKEN);
  }

  @Test
  void verify_claimsTheSdkCannotHandle_rejectedAsInternalErrorNotThrown() {
    Map<String, Object> numericAzp = claims();
    numericAzp.put("azp", 42);
    assertThat(rejection(ClerkTokens.sign(KEY_A, KID_A, numericAzp)))
        .as("the SDK casts azp to String")
        .isEqualTo(Failure.INTERNAL_ERROR);
    Map<String, Object> featuresWithoutPermissions = claims();
    featuresWithoutPermissions.put("fea", "o:dashboard");
    featuresWithoutPermissions.put("o", Map.of("id", "org_2abc", "rol", "admin"));
    assertThat(rejection(ClerkTokens.sign(KEY_A, KID_A, featuresWithoutPermissions)))
        .as("the SDK splits o.per without checking it")
        .isEqualTo(Failure.INTERNAL_ERROR);
  }

  @Test
  void isReady_networklessMode_true() {
    assertThat(verifier.isReady()).isTrue();
  }
}
