package dev.wsgate.provider.jwks;

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
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code issuer} alone: the keys are found through the issuer's OpenID configuration. */
final class OidcDiscoveryTest {
  private static final RSAKey A = TokenFixtures.rsa("a");
  private static final RSAKey B = TokenFixtures.rsa("b");
  private static final String CONFIG = "/realms/demo/.well-known/openid-configuration";

  @RegisterExtension
  static final WireMockExtension IDP =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final MutableClock clock = new MutableClock(Instant.now());

  private static String issuer() {
    return IDP.url("/realms/demo");
  }

  private String token(RSAKey key, String iss) {
    Instant now = clock.instant();
    return TokenFixtures.sign(
        key,
        JWSAlgorithm.RS256,
        TokenFixtures.claims("alice", now, now.plus(Duration.ofHours(1))).issuer(iss).build());
  }

  private static void serveConfiguration(String iss) {
    IDP.stubFor(
        get(CONFIG)
            .willReturn(
                okJson(
                    "{\"issuer\":\""
                        + iss
                        + "\",\"jwks_uri\":\""
                        + IDP.url("/realms/demo/certs")
                        + "\",\"id_token_signing_alg_values_supported\":[\"RS256\"]}")));
  }

  private static int requests(String path) {
    return IDP.countRequestsMatching(getRequestedFor(urlEqualTo(path)).build()).getCount();
  }

  @Test
  void verify_issuerWithDiscovery_findsKeysOnceAndFollowsRotation() throws Exception {
    serveConfiguration(issuer());
    IDP.stubFor(get("/realms/demo/certs").willReturn(okJson(TokenFixtures.jwks(A))));
    try (TokenVerifier v = Verifiers.viaProvider(Map.of("issuer", issuer()), clock)) {
      assertThat(v.verify(token(A, issuer()), at(clock)).subject()).isEqualTo("alice");
      IDP.stubFor(get("/realms/demo/certs").willReturn(okJson(TokenFixtures.jwks(A, B))));
      assertThat(v.verify(token(B, issuer()), at(clock)).subject()).isEqualTo("alice");
      assertRejected(v, token(A, "https://other.example.com/"), clock, Failure.WRONG_ISSUER);
    }
    assertThat(requests(CONFIG)).isEqualTo(1);
    assertThat(requests("/realms/demo/certs")).isEqualTo(2);
  }

  @Test
  void verify_configurationForAnotherIssuer_keysNeverFetched() throws Exception {
    serveConfiguration(issuer() + "/"); // differs by a trailing slash: not the same issuer
    IDP.stubFor(get("/realms/demo/certs").willReturn(okJson(TokenFixtures.jwks(A))));
    try (JwksTokenVerifier v = Verifiers.cold(Map.of("issuer", issuer()), clock)) {
      assertRejected(v, token(A, issuer()), clock, Failure.PROVIDER_UNAVAILABLE);
    }
    assertThat(requests("/realms/demo/certs")).isZero();
  }
}
