package dev.wsgate.provider.firebase;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wsgate.provider.firebase.GoogleStub.Keys;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check-revoked}: WireMock stands in for Google's OAuth token endpoint (named by the
 * service-account file) and for Identity Toolkit's {@code accounts:lookup}.
 */
final class FirebaseRevocationTest {
  private static final String PROJECT = "wsgate-revoke";
  private static final String LOOKUP = "/v1/projects/" + PROJECT + "/accounts:lookup";

  @TempDir Path dir;
  private final Instant now = Instant.now();
  private GoogleStub google;
  private String serviceAccount;

  @BeforeEach
  void start() {
    google = new GoogleStub().serveKeys("/certs", 3600, Keys.A);
    google.server.stubFor(
        post(urlEqualTo("/token"))
            .willReturn(
                okJson(
                    "{\"access_token\":\"ya29.wsgate-test\",\"expires_in\":3600,"
                        + "\"token_type\":\"Bearer\"}")));
    Map<String, Object> sa = new LinkedHashMap<>();
    sa.put("type", "service_account");
    sa.put("project_id", PROJECT);
    sa.put("private_key_id", "sa-key-1");
    sa.put("private_key", Keys.OTHER.privateKeyPem());
    sa.put("client_email", "wsgate@" + PROJECT + ".iam.gserviceaccount.com");
    sa.put("client_id", "1234567890");
    sa.put("token_uri", google.url("/token"));
    serviceAccount = IdTokens.json(sa);
  }

  @AfterEach
  void stop() {
    google.close();
  }

  private TokenVerifier create() throws Exception {
    Path file = dir.resolve("service-account.json");
    Files.writeString(file, serviceAccount);
    return create(file.toString());
  }

  private TokenVerifier create(String credentials) {
    return new FirebaseVerifierProvider()
        .create(
            google.settings(
                PROJECT,
                "/certs",
                Map.of(
                    "check-revoked",
                    "true",
                    "credentials",
                    credentials,
                    "api-url",
                    google.url("/"))));
  }

  private void user(String json) {
    google.server.stubFor(post(urlEqualTo(LOOKUP)).willReturn(okJson(json)));
  }

  private String token() {
    return IdTokens.sign(
        Keys.A, IdTokens.claims(PROJECT, "carol", now.minusSeconds(600), now.plusSeconds(3000)));
  }

  private static Failure rejection(TokenVerifier v, String token) {
    AuthenticationException e =
        catchThrowableOfType(
            AuthenticationException.class,
            () -> v.verify(token, VerificationContext.of("default", null, Instant.now())));
    assertThat(e).as("rejected").isNotNull();
    return e.failure();
  }

  @Test
  void verify_activeUser_acceptedAfterAuthorizedLookup() throws Exception {
    user(
        "{\"users\":[{\"localId\":\"carol\",\"validSince\":\""
            + (now.getEpochSecond() - 3600)
            + "\"}]}");
    try (TokenVerifier v = create()) {
      assertThat(v.verify(token(), VerificationContext.of("default", null, now)).subject())
          .isEqualTo("carol");
    }
    google.server.verify(
        postRequestedFor(urlEqualTo(LOOKUP))
            .withHeader("Authorization", equalTo("Bearer ya29.wsgate-test")));
  }

  @Test
  void verify_revokedInTenant_looksUpUnderTheTenant() throws Exception {
    String tenantLookup = "/v1/projects/" + PROJECT + "/tenants/acme-x1/accounts:lookup";
    google.server.stubFor(
        post(urlEqualTo(tenantLookup))
            .willReturn(
                okJson(
                    "{\"users\":[{\"localId\":\"carol\",\"validSince\":\""
                        + now.getEpochSecond()
                        + "\"}]}")));
    Map<String, Object> claims =
        IdTokens.claims(PROJECT, "carol", now.minusSeconds(600), now.plusSeconds(3000));
    @SuppressWarnings("unchecked")
    Map<String, Object> firebase = (Map<String, Object>) claims.get("firebase");
    firebase.put("tenant", "acme-x1");
    try (TokenVerifier v =
        new FirebaseVerifierProvider()
            .create(
                google.settings(
                    PROJECT,
                    "/certs",
                    Map.of(
                        "check-revoked",
                        "true",
                        "credentials",
                        serviceAccount,
                        "tenant-id",
                        "acme-x1",
                        "api-url",
                        google.url("/"))))) {
      assertThat(rejection(v, IdTokens.sign(Keys.A, claims))).isEqualTo(Failure.REVOKED);
    }
    assertThat(google.server.findAll(postRequestedFor(urlEqualTo(tenantLookup)))).hasSize(1);
  }

  @Test
  void verify_inlineServiceAccountJson_accepted() throws Exception {
    user("{\"users\":[{\"localId\":\"carol\"}]}");
    try (TokenVerifier v = create(serviceAccount)) {
      assertThat(v.verify(token(), VerificationContext.of("default", null, now)).subject())
          .isEqualTo("carol");
    }
  }

  @Test
  void verify_tokensRevokedAfterIssue_rejectsWithRevoked() throws Exception {
    user("{\"users\":[{\"localId\":\"carol\",\"validSince\":\"" + now.getEpochSecond() + "\"}]}");
    try (TokenVerifier v = create()) {
      assertThat(rejection(v, token())).isEqualTo(Failure.REVOKED);
    }
  }

  @Test
  void verify_disabledUser_rejectsWithRevoked() throws Exception {
    user("{\"users\":[{\"localId\":\"carol\",\"disabled\":true}]}");
    try (TokenVerifier v = create()) {
      assertThat(rejection(v, token())).isEqualTo(Failure.REVOKED);
    }
  }

  @Test
  void verify_deletedUser_rejectsWithRevoked() throws Exception {
    user("{\"kind\":\"identitytoolkit#GetAccountInfoResponse\"}");
    try (TokenVerifier v = create()) {
      assertThat(rejection(v, token())).isEqualTo(Failure.REVOKED);
    }
  }

  @Test
  void verify_lookupUnavailable_rejectsWithProviderUnavailable() throws Exception {
    google.server.stubFor(post(urlEqualTo(LOOKUP)).willReturn(aResponse().withStatus(503)));
    try (TokenVerifier v = create()) {
      assertThat(rejection(v, token())).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
    }
  }

  @Test
  void verify_invalidTokenWithCheckRevoked_rejectedWithoutLookup() throws Exception {
    user("{\"users\":[{\"localId\":\"carol\"}]}");
    try (TokenVerifier v = create()) {
      String forged =
          IdTokens.sign(
              Keys.OTHER,
              Keys.A.kid,
              IdTokens.claims(PROJECT, "carol", now.minusSeconds(60), now.plusSeconds(600)));
      assertThat(rejection(v, forged)).isEqualTo(Failure.INVALID_SIGNATURE);
    }
    assertThat(google.server.findAll(postRequestedFor(urlEqualTo(LOOKUP)))).isEmpty();
  }
}
