package dev.wsgate.provider.clerk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.wsgate.provider.clerk.ClerkTokens.APP;
import static dev.wsgate.provider.clerk.ClerkTokens.KEY_A;
import static dev.wsgate.provider.clerk.ClerkTokens.KEY_B;
import static dev.wsgate.provider.clerk.ClerkTokens.KID_A;
import static dev.wsgate.provider.clerk.ClerkTokens.KID_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.wsgate.internal.keys.KeySet;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.testkit.MutableClock;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a token with an unknown {@code kid} gets in secret-key mode while keys are cached (the
 * README's failure table, the same rule as {@code jwks} and {@code firebase}): 503 {@code
 * PROVIDER_UNAVAILABLE} when a refetch is tried and fails; 401 {@code UNKNOWN_KEY} within the
 * refetch cooldown (no fetch), and when a fetch succeeded without that kid. Tokens of cached keys
 * are accepted throughout.
 */
final class ClerkOutageAnswerTest {
  private static final String SECRET = "sk_test_wsgateClerkOutageTestSecret012";

  @RegisterExtension
  static final WireMockExtension CLERK =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final Instant now = Instant.now();

  private TokenVerifier create() {
    return new ClerkVerifierProvider()
        .create(
            ProviderSettings.builder("wsgate.provider.clerk.")
                .values(Map.of("secret-key", SECRET, "api-url", CLERK.baseUrl()))
                .allowedOrigins(List.of(APP))
                .clock(clock)
                .build());
  }

  private String token(KeyPair key, String kid) {
    return ClerkTokens.sign(key, kid, ClerkTokens.session("user_2outage", now));
  }

  private Failure rejection(TokenVerifier v, String token) {
    AuthenticationException e =
        catchThrowableOfType(
            AuthenticationException.class,
            () -> v.verify(token, VerificationContext.of("default", APP, now)));
    assertThat(e).as("rejected").isNotNull();
    return e.failure();
  }

  private static int fetches() {
    return CLERK.findAll(anyRequestedFor(anyUrl())).size();
  }

  @Test
  void verify_unknownKidWhileClerkDown_503WhenARefetchFails_401WithinTheCooldownAndOnceBack()
      throws Exception {
    CLERK.stubFor(
        get(urlEqualTo("/v1/jwks")).willReturn(okJson(ClerkTokens.jwks(Map.of(KID_A, KEY_A)))));
    try (TokenVerifier v = create()) {
      assertThat(
              v.verify(token(KEY_A, KID_A), VerificationContext.of("default", APP, now)).subject())
          .isEqualTo("user_2outage");
      int warm = fetches();
      CLERK.stubFor(get(urlEqualTo("/v1/jwks")).willReturn(aResponse().withStatus(503)));

      // a fetch is tried for the unknown kid and fails
      assertThat(rejection(v, token(KEY_B, KID_B))).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
      assertThat(fetches()).isEqualTo(warm + 1);
      // within the cooldown no fetch is tried: the kid is just not among the cached keys
      clock.advance(Duration.ofSeconds(1));
      assertThat(rejection(v, token(KEY_B, KID_B))).isEqualTo(Failure.UNKNOWN_KEY);
      assertThat(fetches()).isEqualTo(warm + 1);
      assertThat(
              v.verify(token(KEY_A, KID_A), VerificationContext.of("default", APP, now)).subject())
          .isEqualTo("user_2outage");
      // past it: tried again, failed again
      clock.advance(KeySet.REFETCH_COOLDOWN);
      assertThat(rejection(v, token(KEY_B, KID_B))).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
      assertThat(fetches()).isEqualTo(warm + 2);

      // Clerk is back without that kid: 401, and still 401 within the cooldown, without a fetch
      CLERK.stubFor(
          get(urlEqualTo("/v1/jwks")).willReturn(okJson(ClerkTokens.jwks(Map.of(KID_A, KEY_A)))));
      clock.advance(KeySet.REFETCH_COOLDOWN);
      assertThat(rejection(v, token(KEY_B, KID_B))).isEqualTo(Failure.UNKNOWN_KEY);
      assertThat(fetches()).isEqualTo(warm + 3);
      assertThat(rejection(v, token(KEY_B, KID_B))).isEqualTo(Failure.UNKNOWN_KEY);
      assertThat(fetches()).isEqualTo(warm + 3);
    }
  }
}
