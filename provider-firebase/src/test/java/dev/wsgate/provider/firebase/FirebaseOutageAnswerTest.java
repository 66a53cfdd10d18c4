package dev.wsgate.provider.firebase;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wsgate.provider.firebase.GoogleStub.Keys;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a token with an unknown {@code kid} gets while certificates are cached and Google's
 * certificate server is down (the README's failure table): 401 {@code UNKNOWN_KEY}, with no fetch,
 * because firebase-admin refreshes its certificates only when their {@code max-age} runs out, never
 * for an unknown {@code kid}; tokens of cached keys are accepted.
 */
final class FirebaseOutageAnswerTest {
  private static final String PROJECT = "wsgate-test";

  private final Instant now = Instant.now();

  private Failure rejection(TokenVerifier v, String token) {
    AuthenticationException e =
        catchThrowableOfType(
            AuthenticationException.class,
            () -> v.verify(token, VerificationContext.of("default", null, now)));
    assertThat(e).as("rejected").isNotNull();
    return e.failure();
  }

  @Test
  void verify_unknownKidWhileCertificatesCachedAndServerDown_401WithoutAFetch() throws Exception {
    Map<String, Object> claims =
        IdTokens.claims(PROJECT, "alice", now.minusSeconds(60), now.plusSeconds(3540));
    try (GoogleStub google = new GoogleStub().serveKeys("/certs", 3600, Keys.A);
        TokenVerifier v =
            new FirebaseVerifierProvider().create(google.settings(PROJECT, "/certs", Map.of()))) {
      assertThat(
              v.verify(IdTokens.sign(Keys.A, claims), VerificationContext.of("default", null, now))
                  .subject())
          .isEqualTo("alice");
      int fetches = google.fetches("/certs");
      google.server.stubFor(get(urlEqualTo("/certs")).willReturn(aResponse().withStatus(503)));

      for (int i = 0; i < 3; i++) {
        assertThat(rejection(v, IdTokens.sign(Keys.B, claims))).isEqualTo(Failure.UNKNOWN_KEY);
      }
      assertThat(google.fetches("/certs")).isEqualTo(fetches);
      assertThat(
              v.verify(IdTokens.sign(Keys.A, claims), VerificationContext.of("default", null, now))
                  .subject())
          .isEqualTo("alice");
    }
  }
}
