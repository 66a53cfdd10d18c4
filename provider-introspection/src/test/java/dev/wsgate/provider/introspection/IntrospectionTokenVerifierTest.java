package dev.wsgate.provider.introspection;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

final class IntrospectionTokenVerifierTest {
  private static final AuthorizationServer AS = new AuthorizationServer();
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final VerificationContext AT_NOW = VerificationContext.of("acme", null, NOW);

  @RegisterExtension static final WireMockExtension WIREMOCK = AS.wiremock;

  private TokenVerifier verifier;

  @BeforeAll
  static void start() {
    AS.start();
  }

  @AfterEach
  void close() {
    if (verifier != null) {
      verifier.close();
    }
    AS.release();
  }

  private TokenVerifier verifier(Map<String, String> extra) {
    verifier = new IntrospectionVerifierProvider().create(AS.settings(extra));
    return verifier;
  }

  private static Failure failureOf(TokenVerifier v, String token) {
    AuthenticationException e =
        catchThrowableOfType(() -> v.verify(token, AT_NOW), AuthenticationException.class);
    assertThat(e).as("rejected").isNotNull();
    assertThat(e.getMessage()).doesNotContain(token);
    return e.failure();
  }

  @Test
  void verify_activeToken_returnsSubjectIssuerExpiryScopesAndAudience() throws Exception {
    String token = AuthorizationServer.newToken();
    AS.active(
        token,
        "alice",
        NOW.plusSeconds(600),
        "\"scope\":\"chat:read chat:write\",\"aud\":[\"api\",\"ws\"],\"username\":\"alice@x\"");
    VerifiedToken t = verifier(Map.of()).verify(token, AT_NOW);
    assertThat(t.subject()).isEqualTo("alice");
    assertThat(t.providerId()).isEqualTo("introspection");
    assertThat(t.issuer()).isEqualTo(AuthorizationServer.ISSUER);
    assertThat(t.expiresAt()).contains(NOW.plusSeconds(600));
    assertThat(t.scopes()).containsExactlyInAnyOrder("chat:read", "chat:write");
    assertThat(t.audience()).containsExactly("api", "ws");
    assertThat(t.tenant()).isEqualTo("acme");
    assertThat(t.claims()).containsEntry("username", "alice@x");
  }

  @Test
  void verify_clientSecretBasic_sendsFormEncodedCredentialsInBasicAndTheTokenInTheForm()
      throws Exception {
    String token = AuthorizationServer.newToken();
    AS.active(token, "alice", NOW.plusSeconds(600), "");
    verifier(Map.of()).verify(token, AT_NOW);
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (AuthorizationServer.CLIENT_ID
                        + ":"
                        + AuthorizationServer.form(AuthorizationServer.CLIENT_SECRET))
                    .getBytes(StandardCharsets.UTF_8));
    WIREMOCK.verify(
        postRequestedFor(urlPathEqualTo(AuthorizationServer.PATH))
            .withHeader("Authorization", equalTo("Basic " + basic))
            .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
            .withRequestBody(equalTo("token=" + token + "&token_type_hint=access_token")));
  }

  @Test
  void verify_clientSecretPost_sendsCredentialsInTheFormAndNoAuthorization() throws Exception {
    String token = AuthorizationServer.newToken();
    AS.active(token, "alice", NOW.plusSeconds(600), "");
    verifier(Map.of("client-auth", "client_secret_post")).verify(token, AT_NOW);
    WIREMOCK.verify(
        postRequestedFor(urlPathEqualTo(AuthorizationServer.PATH))
            .withoutHeader("Authorization")
            .withRequestBody(
                equalTo(
                    "token="
                        + token
                        + "&token_type_hint=access_token&client_id="
                        + AuthorizationServer.CLIENT_ID
                        + "&client_secret="
                        + AuthorizationServer.form(AuthorizationServer.CLIENT_SECRET))));
  }

  @Test
  void verify_inactiveToken_rejectsWithTokenInactive() {
    assertThat(failureOf(verifier(Map.of()), AuthorizationServer.newToken()))
        .isEqualTo(Failure.TOKEN_INACTIVE);
  }

  @Test
  void verify_claimChecks_eachRejectsWithItsFailure() {
    TokenVerifier v =
        verifier(
            Map.of(
                "issuer", AuthorizationServer.ISSUER,
                "audience", "ws",
                "required-scopes", "chat:read"));
    String sub = "\"sub\":\"alice\",";
    String iss = "\"iss\":\"" + AuthorizationServer.ISSUER + "\",";
    String exp = "\"exp\":" + NOW.plusSeconds(600).getEpochSecond() + ",";
    String ok = "\"scope\":\"chat:read\",\"aud\":\"ws\"";
    Map<String, Failure> cases =
        Map.of(
            sub + iss + "\"exp\":" + NOW.minusSeconds(3600).getEpochSecond() + "," + ok,
            Failure.EXPIRED,
            sub + iss + exp + "\"nbf\":" + NOW.plusSeconds(3600).getEpochSecond() + "," + ok,
            Failure.NOT_YET_VALID,
            sub + iss + exp + "\"scope\":\"chat:read\",\"aud\":[\"other\"]",
            Failure.WRONG_AUDIENCE,
            sub + iss + exp + "\"scope\":\"chat:write\",\"aud\":\"ws\"",
            Failure.INSUFFICIENT_SCOPE,
            sub + "\"iss\":\"https://evil.example.com/\"," + exp + ok,
            Failure.WRONG_ISSUER,
            iss + exp + ok,
            Failure.MALFORMED_TOKEN,
            sub + iss + "\"exp\":\"tomorrow\"," + ok,
            Failure.PROVIDER_UNAVAILABLE,
            sub + iss + exp + ok,
            Failure.INTERNAL_ERROR);
    cases.forEach(
        (members, failure) -> {
          String token = AuthorizationServer.newToken();
          AS.answer(token, "{\"active\":true," + members + "}");
          if (failure == Failure.INTERNAL_ERROR) {
            // the control: every check passes
            try {
              assertThat(v.verify(token, AT_NOW).subject()).isEqualTo("alice");
            } catch (AuthenticationException e) {
              throw new AssertionError(members, e);
            }
          } else {
            assertThat(failureOf(v, token)).as(members).isEqualTo(failure);
          }
        });
  }

  @Test
  void verify_answerWithTwoActiveMembers_isNotTrusted() {
    String token = AuthorizationServer.newToken();
    AS.answer(token, "{\"active\":false,\"sub\":\"alice\",\"active\":true}");
    assertThat(failureOf(verifier(Map.of()), token)).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
  }

  @Test
  void verify_backendAnswers5xx_rejectsWithProviderUnavailable() {
    AS.down();
    assertThat(failureOf(verifier(Map.of()), AuthorizationServer.newToken()))
        .isEqualTo(Failure.PROVIDER_UNAVAILABLE);
  }

  @Test
  void verify_backendRefusesTheGatesCredentials_rejectsWithProviderUnavailable() {
    WIREMOCK.stubFor(
        post(urlPathEqualTo(AuthorizationServer.PATH))
            .atPriority(0)
            .withHeader("Authorization", containing("Basic"))
            .willReturn(aResponse().withStatus(401)));
    try {
      assertThat(failureOf(verifier(Map.of()), AuthorizationServer.newToken()))
          .isEqualTo(Failure.PROVIDER_UNAVAILABLE);
    } finally {
      WIREMOCK.resetToDefaultMappings();
      AS.start();
    }
  }

  @Test
  void verify_connectionReset_rejectsWithProviderUnavailable() {
    String token = AuthorizationServer.newToken();
    WIREMOCK.stubFor(
        post(urlPathEqualTo(AuthorizationServer.PATH))
            .atPriority(1)
            .withRequestBody(containing(token))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertThat(failureOf(verifier(Map.of()), token)).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
  }

  @Test
  void verify_nothingListens_rejectsWithProviderUnavailable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    TokenVerifier v = verifier(Map.of("url", "http://127.0.0.1:" + port + "/introspect"));
    assertThat(failureOf(v, AuthorizationServer.newToken()))
        .isEqualTo(Failure.PROVIDER_UNAVAILABLE);
  }

  @Test
  void verify_answerSlowerThanTheReadTimeout_rejectsWithProviderUnavailable() {
    String token = AuthorizationServer.newToken();
    WIREMOCK.stubFor(
        post(urlPathEqualTo(AuthorizationServer.PATH))
            .atPriority(1)
            .withRequestBody(containing(token))
            .willReturn(okJson("{\"active\":true,\"sub\":\"alice\"}").withFixedDelay(2_000)));
    TokenVerifier v = verifier(Map.of("read-timeout", "200ms"));
    assertThat(failureOf(v, token)).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
  }

  @Test
  void verify_answerLargerThanTheCap_rejectsWithProviderUnavailable() {
    String token = AuthorizationServer.newToken();
    AS.active(token, "alice", NOW.plusSeconds(600), "\"padding\":\"" + "x".repeat(2_000) + "\"");
    TokenVerifier v = verifier(Map.of("max-response-bytes", "1024"));
    assertThat(failureOf(v, token)).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
  }

  @Test
  void verify_answerThatIsNotJson_rejectsWithProviderUnavailable() {
    String token = AuthorizationServer.newToken();
    WIREMOCK.stubFor(
        post(urlPathEqualTo(AuthorizationServer.PATH))
            .atPriority(1)
            .withRequestBody(containing(token))
            .willReturn(aResponse().withStatus(200).withBody("<html>login</html>")));
    assertThat(failureOf(verifier(Map.of()), token)).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
  }

  @Test
  void verify_redirect_isNotFollowed() {
    String token = AuthorizationServer.newToken();
    WIREMOCK.stubFor(
        post(urlPathEqualTo(AuthorizationServer.PATH))
            .atPriority(1)
            .withRequestBody(containing(token))
            .willReturn(aResponse().withStatus(307).withHeader("Location", "/elsewhere")));
    assertThat(failureOf(verifier(Map.of()), token)).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
  }

  @Test
  void verifyAsync_holdsNoThreadOfTheGivenExecutor() throws Exception {
    String token = AuthorizationServer.newToken();
    AS.active(token, "alice", NOW.plusSeconds(600), "");
    Executor forbidden =
        task -> {
          throw new AssertionError("introspection must not need the gate's executor");
        };
    VerifiedToken t =
        verifier(Map.of())
            .verifyAsync(token, AT_NOW, forbidden)
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    assertThat(t.subject()).isEqualTo("alice");
  }

  @Test
  void verifyAsync_inactiveToken_completesWithTheAuthenticationException() {
    CompletableFuture<VerifiedToken> f =
        verifier(Map.of())
            .verifyAsync(AuthorizationServer.newToken(), AT_NOW, Runnable::run)
            .toCompletableFuture();
    ExecutionException e =
        catchThrowableOfType(() -> f.get(10, TimeUnit.SECONDS), ExecutionException.class);
    assertThat(e.getCause())
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            a -> assertThat(a.failure()).isEqualTo(Failure.TOKEN_INACTIVE));
  }

  @Test
  void verifyAsync_cancelledWhileTheServerHangs_completesAtOnce() throws Exception {
    AS.hang();
    CompletableFuture<VerifiedToken> f =
        verifier(Map.of())
            .verifyAsync(AuthorizationServer.newToken(), AT_NOW, Runnable::run)
            .toCompletableFuture();
    assertThat(f.cancel(true)).isTrue();
    assertThat(f).isCancelled();
  }

  @Test
  void cacheMaxAge_isTheSetting() {
    assertThat(verifier(Map.of("cache-max-age", "10s")).cacheMaxAge())
        .contains(Duration.ofSeconds(10));
    assertThat(verifier.mayBlock()).isTrue();
    assertThat(verifier.isReady()).isTrue();
  }

  @Test
  void close_laterVerification_isProviderUnavailable() {
    TokenVerifier v = verifier(Map.of());
    v.close();
    v.close();
    assertThat(failureOf(v, AuthorizationServer.newToken()))
        .isEqualTo(Failure.PROVIDER_UNAVAILABLE);
  }
}
