package dev.wsgate.provider.jwks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.wsgate.provider.jwks.Verifiers.assertRejected;
import static dev.wsgate.provider.jwks.Verifiers.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import dev.wsgate.spi.Failure;
import dev.wsgate.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a token with an unknown {@code kid} gets while a key set is cached and the key server is
 * down (the README's failure table): 503 {@code PROVIDER_UNAVAILABLE} when a refetch is tried and
 * fails, 401 {@code UNKNOWN_KEY} while the refetch budget is spent, and tokens of cached keys are
 * accepted throughout.
 */
final class OutageAnswerTest {
  private static final RSAKey CACHED = TokenFixtures.rsa("cached");
  private static final RSAKey ROTATED = TokenFixtures.rsa("rotated");

  @RegisterExtension
  static final WireMockExtension IDP =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final MutableClock clock = new MutableClock(Instant.now());

  private Map<String, String> config() {
    return Map.of("jwks-uri", IDP.url("/jwks.json"), "issuer", TokenFixtures.ISSUER);
  }

  private String token(RSAKey key) {
    Instant now = clock.instant();
    return TokenFixtures.sign(
        key,
        JWSAlgorithm.RS256,
        TokenFixtures.claims("alice", now, now.plus(Duration.ofHours(1))).build());
  }

  private static int fetches() {
    return IDP.countRequestsMatching(getRequestedFor(urlEqualTo("/jwks.json")).build()).getCount();
  }

  @Test
  void verify_unknownKidWhileKeyServerDown_503WhenARefetchFails_401WhileBudgetIsSpent()
      throws Exception {
    IDP.stubFor(get("/jwks.json").willReturn(okJson(TokenFixtures.jwks(CACHED))));
    try (JwksTokenVerifier v = Verifiers.manual(config(), clock, new ManualExecutor())) {
      assertThat(v.verify(token(CACHED), at(clock)).subject()).isEqualTo("alice");
      assertThat(fetches()).isEqualTo(1);
      IDP.stubFor(get("/jwks.json").willReturn(aResponse().withStatus(503)));

      // the window's second fetch is tried for the unknown kid, and fails
      assertRejected(v, token(ROTATED), clock, Failure.PROVIDER_UNAVAILABLE);
      assertThat(fetches()).isEqualTo(2);

      // two fetches in the window: no more are tried, the kid is just not in the cached set
      clock.advance(JwksSettings.FAILURE_COOLDOWN.plusSeconds(1));
      assertRejected(v, token(ROTATED), clock, Failure.UNKNOWN_KEY);
      assertRejected(v, token(ROTATED), clock, Failure.UNKNOWN_KEY);
      assertThat(fetches()).isEqualTo(2);
      assertThat(v.verify(token(CACHED), at(clock)).subject()).isEqualTo("alice");

      // a new window: the refetch is tried again and fails again
      clock.advance(JwksSettings.REFETCH_WINDOW);
      assertRejected(v, token(ROTATED), clock, Failure.PROVIDER_UNAVAILABLE);
      assertThat(fetches()).isEqualTo(3);
      assertThat(v.verify(token(CACHED), at(clock)).subject()).isEqualTo("alice");

      // the key server is back: the next refetch the budget allows finds the rotated key
      IDP.stubFor(get("/jwks.json").willReturn(okJson(TokenFixtures.jwks(CACHED, ROTATED))));
      clock.advance(JwksSettings.FAILURE_COOLDOWN.plusSeconds(1));
      assertThat(v.verify(token(ROTATED), at(clock)).subject()).isEqualTo("alice");
      assertThat(fetches()).isEqualTo(4);
    }
  }
}
