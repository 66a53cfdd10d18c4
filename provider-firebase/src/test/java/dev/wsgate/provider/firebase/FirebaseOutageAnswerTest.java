package dev.wsgate.provider.firebase;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wsgate.internal.keys.KeySet;
import dev.wsgate.provider.firebase.GoogleStub.Keys;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.testkit.MutableClock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a token with an unknown {@code kid} gets while certificates are held and Google's
 * certificate server is down (the README's failure table, the same rule as {@code jwks} and {@code
 * clerk}): 503 {@code PROVIDER_UNAVAILABLE} when a refetch is tried and fails, 401 {@code
 * UNKNOWN_KEY} without a fetch within the refetch cooldown; tokens of held keys are accepted
 * throughout.
 */
final class FirebaseOutageAnswerTest {
  private static final String PROJECT = "wsgate-test";

  private final Instant now = Instant.now();
  private final MutableClock clock = new MutableClock(now);

  private Failure rejection(TokenVerifier v, String token) {
    AuthenticationException e =
        catchThrowableOfType(
            AuthenticationException.class,
            () -> v.verify(token, VerificationContext.of("default", null, now)));
    assertThat(e).as("rejected").isNotNull();
    return e.failure();
  }

  @Test
  void verify_unknownKidWhileServerDown_503WhenARefetchFails_401WithinTheCooldown()
      throws Exception {
    Map<String, Object> claims =
        IdTokens.claims(PROJECT, "alice", now.minusSeconds(60), now.plusSeconds(3540));
    try (GoogleStub google = new GoogleStub().serveKeys("/certs", 3600, Keys.A);
        TokenVerifier v =
            new FirebaseVerifierProvider()
                .create(
                    ProviderSettings.builder(GoogleStub.PREFIX)
                        .values(Map.of("project-id", PROJECT, "keys-url", google.url("/certs")))
                        .clock(clock)
                        .build())) {
      assertThat(
              v.verify(IdTokens.sign(Keys.A, claims), VerificationContext.of("default", null, now))
                  .subject())
          .isEqualTo("alice");
      int fetches = google.fetches("/certs");
      google.server.stubFor(get(urlEqualTo("/certs")).willReturn(aResponse().withStatus(503)));

      assertThat(rejection(v, IdTokens.sign(Keys.B, claims)))
          .as("the refetch is tried and fails")
          .isEqualTo(Failure.PROVIDER_UNAVAILABLE);
      assertThat(google.fetches("/certs")).isEqualTo(fetches + 1);
      for (int i = 0; i < 3; i++) {
        assertThat(rejection(v, IdTokens.sign(Keys.B, claims))).isEqualTo(Failure.UNKNOWN_KEY);
      }
      assertThat(google.fetches("/certs")).as("none within the cooldown").isEqualTo(fetches + 1);
      assertThat(
              v.verify(IdTokens.sign(Keys.A, claims), VerificationContext.of("default", null, now))
                  .subject())
          .isEqualTo("alice");

      clock.advance(KeySet.REFETCH_COOLDOWN);
      assertThat(rejection(v, IdTokens.sign(Keys.B, claims)))
          .isEqualTo(Failure.PROVIDER_UNAVAILABLE);
      assertThat(google.fetches("/certs")).isEqualTo(fetches + 2);
    }
  }
}
