package dev.wsgate.provider.jwks;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.wsgate.provider.jwks.Verifiers.assertRejected;
import static dev.wsgate.provider.jwks.Verifiers.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.wsgate.spi.Failure;
import dev.wsgate.testkit.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which published key may verify which token, and what the token's header may not decide. */
final class KeySelectionTest {
  private static final RSAKey RSA = TokenFixtures.rsa("rsa-1");
  private static final RSAKey ATTACKER = TokenFixtures.rsa("rsa-1"); // same kid, other key

  @RegisterExtension
  static final WireMockExtension IDP =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final MutableClock clock = new MutableClock(Instant.now());

  private Map<String, String> config(String algorithms) {
    return Map.of("jwks-uri", IDP.url("/jwks.json"), "algorithms", algorithms);
  }

  private JWTClaimsSet claims() {
    Instant now = clock.instant();
    return TokenFixtures.claims("alice", now, now.plus(Duration.ofHours(1))).build();
  }

  private static void serve(JWK... keys) {
    IDP.stubFor(get("/jwks.json").willReturn(okJson(TokenFixtures.jwks(keys))));
  }

  private static int fetches() {
    return IDP.countRequestsMatching(getRequestedFor(urlEqualTo("/jwks.json")).build()).getCount();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ES256", "ES384", "ES512"})
  void verify_ecKeyOfMatchingCurve_accepted(String alg) throws Exception {
    JWSAlgorithm a = JWSAlgorithm.parse(alg);
    ECKey key = TokenFixtures.ec("ec-" + alg, Curve.forJWSAlgorithm(a).iterator().next());
    serve(key, RSA);
    try (JwksTokenVerifier v = Verifiers.cold(config("ES256,ES384,ES512"), clock)) {
      assertThat(v.verify(TokenFixtures.sign(key, a, claims()), at(clock)).subject())
          .isEqualTo("alice");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"})
  void verify_rsaFamilyAlgorithm_accepted(String alg) throws Exception {
    serve(RSA);
    try (JwksTokenVerifier v = Verifiers.cold(config(alg), clock)) {
      String token = TokenFixtures.sign(RSA, JWSAlgorithm.parse(alg), claims());
      assertThat(v.verify(token, at(clock)).subject()).isEqualTo("alice");
    }
  }

  @Test
  void verify_algorithmNotConfigured_rejectedBeforeAnyFetch() throws Exception {
    serve(RSA);
    try (JwksTokenVerifier v = Verifiers.cold(config("ES256"), clock)) {
      assertRejected(
          v,
          TokenFixtures.sign(RSA, JWSAlgorithm.RS256, claims()),
          clock,
          Failure.UNSUPPORTED_ALGORITHM);
    }
    assertThat(fetches()).isZero();
  }

  @Test
  void verify_hmacSignedWithThePublicKey_rejectedAsUnsupported() throws Exception {
    serve(RSA);
    SignedJWT jwt =
        new SignedJWT(
            new com.nimbusds.jose.JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(),
            claims());
    jwt.sign(new MACSigner(RSA.toPublicJWK().toJSONString().getBytes()));
    try (JwksTokenVerifier v = Verifiers.cold(config("RS256"), clock)) {
      assertRejected(v, jwt.serialize(), clock, Failure.UNSUPPORTED_ALGORITHM);
      assertRejected(v, new PlainJWT(claims()).serialize(), clock, Failure.UNSUPPORTED_ALGORITHM);
    }
  }

  @Test
  void verify_keyMarkedForEncryption_notUsedAndNotRefetched() throws Exception {
    serve(new RSAKey.Builder(RSA).keyUse(KeyUse.ENCRYPTION).build());
    try (JwksTokenVerifier v = Verifiers.cold(config("RS256"), clock)) {
      assertRejected(
          v, TokenFixtures.sign(RSA, JWSAlgorithm.RS256, claims()), clock, Failure.UNKNOWN_KEY);
    }
    assertThat(fetches()).as("the kid is known, so no refetch").isEqualTo(1);
  }

  @Test
  void verify_keyWhoseAlgContradictsToken_notUsed() throws Exception {
    serve(new RSAKey.Builder(RSA).algorithm(JWSAlgorithm.PS256).build());
    try (JwksTokenVerifier v = Verifiers.cold(config("RS256,PS256"), clock)) {
      assertRejected(
          v, TokenFixtures.sign(RSA, JWSAlgorithm.RS256, claims()), clock, Failure.UNKNOWN_KEY);
      assertThat(v.verify(TokenFixtures.sign(RSA, JWSAlgorithm.PS256, claims()), at(clock)))
          .isNotNull();
    }
  }

  @Test
  void verify_keyWhoseKeyOpsExcludeVerify_notUsed() throws Exception {
    serve(new RSAKey.Builder(RSA).keyOperations(Set.of(KeyOperation.ENCRYPT)).build());
    try (JwksTokenVerifier v = Verifiers.cold(config("RS256"), clock)) {
      assertRejected(
          v, TokenFixtures.sign(RSA, JWSAlgorithm.RS256, claims()), clock, Failure.UNKNOWN_KEY);
    }
  }

  @Test
  void verify_rsaKeyUnder2048Bits_notUsed() throws Exception {
    RSAKey weak = TokenFixtures.rsa("weak", 1024);
    serve(weak);
    try (JwksTokenVerifier v = Verifiers.cold(config("RS256"), clock)) {
      assertRejected(
          v, TokenFixtures.sign(weak, JWSAlgorithm.RS256, claims()), clock, Failure.UNKNOWN_KEY);
    }
  }

  @Test
  void verify_ecKeyOfOtherCurve_notUsed() throws Exception {
    ECKey p256 = TokenFixtures.ec("ec", Curve.P_256);
    serve(p256);
    ECKey p384 = TokenFixtures.ec("ec", Curve.P_384);
    try (JwksTokenVerifier v = Verifiers.cold(config("ES256,ES384"), clock)) {
      assertRejected(
          v, TokenFixtures.sign(p384, JWSAlgorithm.ES384, claims()), clock, Failure.UNKNOWN_KEY);
    }
  }

  @Test
  void verify_ecPointNotOnCurve_keyNotUsed() throws Exception {
    ECKey key = TokenFixtures.ec("ec", Curve.P_256);
    ECKey other = TokenFixtures.ec("other", Curve.P_256);
    // x of one key with y of another: a point that is not on P-256
    String offCurve =
        "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"ec\",\"x\":\""
            + key.getX()
            + "\",\"y\":\""
            + other.getY()
            + "\"}]}";
    IDP.stubFor(get("/jwks.json").willReturn(okJson(offCurve)));
    try (JwksTokenVerifier v = Verifiers.cold(config("ES256"), clock)) {
      assertRejected(
          v,
          TokenFixtures.sign(key, JWSAlgorithm.ES256, claims()),
          clock,
          Failure.PROVIDER_UNAVAILABLE);
    }
  }

  @Test
  void verify_noKidWithSeveralKeys_rejected() throws Exception {
    serve(RSA, TokenFixtures.rsa("rsa-2"));
    try (JwksTokenVerifier v = Verifiers.cold(config("RS256"), clock)) {
      String noKid = TokenFixtures.sign(RSA, JWSAlgorithm.RS256, claims(), h -> h.keyID(null));
      assertRejected(v, noKid, clock, Failure.UNKNOWN_KEY);
    }
  }

  @Test
  void verify_noKidWithOneKey_accepted() throws Exception {
    serve(new RSAKey.Builder(RSA).keyID(null).build());
    try (JwksTokenVerifier v = Verifiers.cold(config("RS256"), clock)) {
      String noKid = TokenFixtures.sign(RSA, JWSAlgorithm.RS256, claims(), h -> h.keyID(null));
      assertThat(v.verify(noKid, at(clock)).subject()).isEqualTo("alice");
    }
  }

  @Test
  void verify_headerPointsAtOtherKeys_nothingFetchedFromTheToken() throws Exception {
    serve(RSA);
    IDP.stubFor(get(urlPathMatching("/evil.*")).willReturn(okJson(TokenFixtures.jwks(ATTACKER))));
    URI evil = URI.create(IDP.url("/evil-jwks.json"));
    String forged =
        TokenFixtures.sign(
            ATTACKER,
            JWSAlgorithm.RS256,
            claims(),
            h ->
                h.jwkURL(evil)
                    .x509CertURL(URI.create(IDP.url("/evil-cert.pem")))
                    .jwk(ATTACKER.toPublicJWK())
                    .x509CertChain(List.of(Base64.encode("not a certificate"))));
    String forgedUnknownKid =
        TokenFixtures.sign(
            ATTACKER, JWSAlgorithm.RS256, claims(), h -> h.keyID("evil").jwkURL(evil));
    try (JwksTokenVerifier v = Verifiers.cold(config("RS256"), clock)) {
      assertRejected(v, forged, clock, Failure.INVALID_SIGNATURE);
      assertRejected(v, forgedUnknownKid, clock, Failure.UNKNOWN_KEY);
    }
    assertThat(
            IDP.countRequestsMatching(getRequestedFor(urlPathMatching("/evil.*")).build())
                .getCount())
        .isZero();
  }

  @Test
  void verify_unknownCriticalHeader_rejected() throws Exception {
    serve(RSA);
    String token =
        TokenFixtures.sign(
            RSA,
            JWSAlgorithm.RS256,
            claims(),
            h -> h.criticalParams(Set.of("exp-critical")).customParam("exp-critical", 1));
    try (JwksTokenVerifier v = Verifiers.cold(config("RS256"), clock)) {
      assertRejected(v, token, clock, Failure.INVALID_SIGNATURE);
    }
  }

  @Test
  void verify_typeOfAnotherKindOfJwt_rejected() throws Exception {
    serve(RSA);
    try (JwksTokenVerifier v = Verifiers.cold(config("RS256"), clock)) {
      String logout =
          TokenFixtures.sign(
              RSA, JWSAlgorithm.RS256, claims(), h -> h.type(new JOSEObjectType("logout+jwt")));
      assertRejected(v, logout, clock, Failure.MALFORMED_TOKEN);
      String access =
          TokenFixtures.sign(
              RSA, JWSAlgorithm.RS256, claims(), h -> h.type(new JOSEObjectType("at+jwt")));
      assertThat(v.verify(access, at(clock)).subject()).isEqualTo("alice");
    }
  }

  @Test
  void verify_tamperedPayload_rejectedAsInvalidSignature() throws Exception {
    serve(RSA);
    String token = TokenFixtures.sign(RSA, JWSAlgorithm.RS256, claims());
    String[] parts = token.split("\\.");
    String other =
        Base64URL.encode(claims().toJSONObject().toString().replace("alice", "admin").getBytes())
            .toString();
    try (JwksTokenVerifier v = Verifiers.cold(config("RS256"), clock)) {
      assertRejected(v, parts[0] + "." + other + "." + parts[2], clock, Failure.INVALID_SIGNATURE);
    }
  }
}
