package dev.wsgate.provider.jwks;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.wsgate.provider.jwks.Verifiers.assertRejected;
import static dev.wsgate.provider.jwks.Verifiers.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * EdDSA (RFC 8037) end to end: WireMock serves a key set with an {@code OKP} Ed25519 key made by
 * the JDK in the test, tokens are signed with it by the JDK, and the provider verifies them.
 */
final class EdDsaTest {
  @RegisterExtension
  static final WireMockExtension IDP =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final KeyPair ED = ed25519();
  private static final KeyPair OTHER = ed25519();

  private final MutableClock clock = new MutableClock(Instant.now());

  private static KeyPair ed25519() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The 32 key bytes: the end of the X.509 SubjectPublicKeyInfo (RFC 8410). */
  private static String x(KeyPair key) {
    byte[] spki = key.getPublic().getEncoded();
    return Base64URL.encode(Arrays.copyOfRange(spki, spki.length - 32, spki.length)).toString();
  }

  private static String okp(String kid, String crv, KeyPair key, String extra) {
    return "{\"kty\":\"OKP\",\"crv\":\""
        + crv
        + "\",\"kid\":\""
        + kid
        + "\",\"x\":\""
        + x(key)
        + "\""
        + extra
        + "}";
  }

  private static void serve(String... keys) {
    IDP.stubFor(
        get("/jwks.json").willReturn(okJson("{\"keys\":[" + String.join(",", keys) + "]}")));
  }

  private Map<String, String> config(String algorithms) {
    return Map.of(
        "jwks-uri",
        IDP.url("/jwks.json"),
        "issuer",
        TokenFixtures.ISSUER,
        "audience",
        TokenFixtures.AUDIENCE,
        "algorithms",
        algorithms);
  }

  /** A compact JWS over the usual claims, signed by {@code key} with the JDK. */
  private String token(String alg, String kid, KeyPair key) throws GeneralSecurityException {
    Instant now = clock.instant();
    String header = "{\"alg\":\"" + alg + "\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\"}";
    String payload =
        TokenFixtures.claims("alice", now, now.plus(Duration.ofHours(1))).build().toString();
    String input = b64(header) + "." + b64(payload);
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(key.getPrivate());
    s.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + Base64URL.encode(s.sign());
  }

  private static String b64(String json) {
    return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
  }

  @Test
  void verify_edDsaTokenFromOkpKey_accepted() throws Exception {
    serve(okp("ed-1", "Ed25519", ED, ",\"use\":\"sig\",\"alg\":\"EdDSA\""));
    try (JwksTokenVerifier v = Verifiers.cold(config("EdDSA"), clock)) {
      assertThat(v.verify(token("EdDSA", "ed-1", ED), at(clock)).subject()).isEqualTo("alice");
    }
  }

  @Test
  void verify_fullySpecifiedEd25519Alg_acceptedWhenListed() throws Exception {
    serve(okp("ed-1", "Ed25519", ED, ""));
    try (JwksTokenVerifier v = Verifiers.cold(config("EdDSA,Ed25519"), clock)) {
      assertThat(v.verify(token("Ed25519", "ed-1", ED), at(clock)).subject()).isEqualTo("alice");
    }
    try (JwksTokenVerifier v = Verifiers.cold(config("EdDSA"), clock)) {
      assertRejected(v, token("Ed25519", "ed-1", ED), clock, Failure.UNSUPPORTED_ALGORITHM);
    }
  }

  @Test
  void verify_signedByAnotherKeyUnderTheKid_invalidSignature() throws Exception {
    serve(okp("ed-1", "Ed25519", ED, ""));
    try (JwksTokenVerifier v = Verifiers.cold(config("EdDSA"), clock)) {
      assertRejected(v, token("EdDSA", "ed-1", OTHER), clock, Failure.INVALID_SIGNATURE);
    }
  }

  @Test
  void verify_tamperedOrTruncatedSignature_invalidSignature() throws Exception {
    serve(okp("ed-1", "Ed25519", ED, ""));
    String good = token("EdDSA", "ed-1", ED);
    String input = good.substring(0, good.lastIndexOf('.'));
    byte[] sig = new Base64URL(good.substring(good.lastIndexOf('.') + 1)).decode();
    byte[] flipped = sig.clone();
    flipped[10] ^= 1;
    byte[] appended = Arrays.copyOf(sig, 65);
    try (JwksTokenVerifier v = Verifiers.cold(config("EdDSA"), clock)) {
      for (byte[] bad : new byte[][] {flipped, Arrays.copyOf(sig, 63), appended}) {
        assertRejected(v, input + "." + Base64URL.encode(bad), clock, Failure.INVALID_SIGNATURE);
      }
      assertThat(v.verify(good, at(clock)).subject()).isEqualTo("alice");
    }
  }

  @Test
  void verify_keyOnAnotherCurve_isNeverUsed() throws Exception {
    // the same 32 bytes published as a key-agreement key, and as a curve we do not support
    serve(
        okp("ed-1", "Ed25519", ED, ""),
        okp("x-1", "X25519", ED, ""),
        okp("ed448-1", "Ed448", ED, ""));
    try (JwksTokenVerifier v = Verifiers.cold(config("EdDSA"), clock)) {
      assertRejected(v, token("EdDSA", "x-1", ED), clock, Failure.UNKNOWN_KEY);
      assertRejected(v, token("EdDSA", "ed448-1", ED), clock, Failure.UNKNOWN_KEY);
      assertThat(v.verify(token("EdDSA", "ed-1", ED), at(clock)).subject()).isEqualTo("alice");
    }
  }

  @Test
  void verify_algAndKeyTypeThatDisagree_neverVerify() throws Exception {
    ECKey ec = TokenFixtures.ec("ec-1", Curve.P_256);
    serve(
        okp("ed-1", "Ed25519", ED, ""),
        okp("ed-es", "Ed25519", ED, ",\"alg\":\"ES256\""),
        ec.toPublicJWK().toString());
    try (JwksTokenVerifier v = Verifiers.cold(config("EdDSA,ES256"), clock)) {
      // an EdDSA token naming the EC key, an ES256 token naming the OKP key
      assertRejected(v, token("EdDSA", "ec-1", ED), clock, Failure.UNKNOWN_KEY);
      String es = TokenFixtures.sign(ec, JWSAlgorithm.ES256, claims(), h -> h.keyID("ed-1"));
      assertRejected(v, es, clock, Failure.UNKNOWN_KEY);
      // an OKP key whose alg says ES256
      assertRejected(v, token("EdDSA", "ed-es", ED), clock, Failure.UNKNOWN_KEY);
    }
    try (JwksTokenVerifier v = Verifiers.cold(config("ES256"), clock)) {
      assertRejected(v, token("EdDSA", "ed-1", ED), clock, Failure.UNSUPPORTED_ALGORITHM);
    }
  }

  @Test
  void from_ed448OrUnknownAlgorithm_refusedAtStartUpNamingTheKey() {
    assertThatThrownBy(() -> JwksSettings.from(Verifiers.settings(config("EdDSA,Ed448"), clock)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("wsgate.provider.jwks.algorithms contains 'Ed448'")
        .hasMessageContaining("EdDSA, Ed25519");
  }

  private JWTClaimsSet claims() {
    Instant now = clock.instant();
    return TokenFixtures.claims("alice", now, now.plus(Duration.ofHours(1))).build();
  }
}
