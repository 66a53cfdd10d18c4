package dev.wsgate.provider.jwks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.wsgate.provider.jwks.Verifiers.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import dev.wsgate.internal.keys.KeySet;
import dev.wsgate.internal.keys.Verifications;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.VerifiedToken;
import dev.wsgate.testkit.ManualKeyScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a token with an unknown {@code kid} gets while a key set is cached and the key server is
 * down (the README's failure table): 503 {@code PROVIDER_UNAVAILABLE} when a refetch is tried and
 * fails, 401 {@code UNKNOWN_KEY} within the refetch cooldown, and tokens of cached keys are
 * accepted throughout. Made-up time: the test runs each fetch and moves the clock.
 */
final class OutageAnswerTest {
  private static final RSAKey CACHED = TokenFixtures.rsa("cached");
  private static final RSAKey ROTATED = TokenFixtures.rsa("rotated");

  @RegisterExtension
  static final WireMockExtension IDP =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final ManualKeyScheduler time = new ManualKeyScheduler(Instant.now());

  private Map<String, String> config() {
    return Map.of("jwks-uri", IDP.url("/jwks.json"), "issuer", TokenFixtures.ISSUER);
  }

  private String token(RSAKey key) {
    Instant now = time.instant();
    return TokenFixtures.sign(
        key,
        JWSAlgorithm.RS256,
        TokenFixtures.claims("alice", now, now.plus(Duration.ofHours(1))).build());
  }

  private static int fetches() {
    return IDP.countRequestsMatching(getRequestedFor(urlEqualTo("/jwks.json")).build()).getCount();
  }

  /** A handshake now, any fetch it starts run first: its failure, or null when accepted. */
  private Failure answer(JwksTokenVerifier v, RSAKey key) {
    CompletableFuture<VerifiedToken> f =
        v.verifyAsync(token(key), at(time), Runnable::run).toCompletableFuture();
    time.runQueued();
    try {
      Verifications.await(f);
      return null;
    } catch (AuthenticationException e) {
      return e.failure();
    }
  }

  @Test
  void verify_unknownKidWhileKeyServerDown_503WhenARefetchFails_401WithinTheCooldown() {
    IDP.stubFor(get("/jwks.json").willReturn(okJson(TokenFixtures.jwks(CACHED))));
    try (JwksTokenVerifier v = Verifiers.manual(config(), time)) {
      assertThat(answer(v, CACHED)).isNull();
      assertThat(fetches()).isEqualTo(1);
      IDP.stubFor(get("/jwks.json").willReturn(aResponse().withStatus(503)));

      // a refetch is tried for the unknown kid, and fails
      assertThat(answer(v, ROTATED)).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
      assertThat(fetches()).isEqualTo(2);

      // within the cooldown no refetch is tried: the kid is just not in the cached set
      time.advance(Duration.ofSeconds(1));
      assertThat(answer(v, ROTATED)).isEqualTo(Failure.UNKNOWN_KEY);
      assertThat(answer(v, ROTATED)).isEqualTo(Failure.UNKNOWN_KEY);
      assertThat(fetches()).isEqualTo(2);
      assertThat(answer(v, CACHED)).isNull();

      // past the cooldown: the refetch is tried again and fails again
      time.advance(KeySet.REFETCH_COOLDOWN);
      assertThat(answer(v, ROTATED)).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
      assertThat(fetches()).isEqualTo(3);
      assertThat(answer(v, CACHED)).isNull();

      // the key server is back: the next refetch the cooldown allows finds the rotated key
      IDP.stubFor(get("/jwks.json").willReturn(okJson(TokenFixtures.jwks(CACHED, ROTATED))));
      time.advance(KeySet.REFETCH_COOLDOWN);
      assertThat(answer(v, ROTATED)).isNull();
      assertThat(fetches()).isEqualTo(4);
    }
  }
}
