package dev.wsgate.provider.jwks;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwk.Jwk;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What jwks-rsa hands over, and what reaches nimbus. */
final class JwkConversionTest {
  /** RFC 8037 appendix A's example public key (32 bytes). */
  private static final String ED25519_X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";

  /** RFC 8037 appendix A.6's X25519 public key: for key agreement, never for signatures. */
  private static final String X25519_X = "hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo";

  @Test
  void convert_ed25519Key_keepsKidUseAlgAndTheKeyBytes() {
    Optional<JWK> k =
        JwkConversion.convert(
            Jwk.fromValues(
                Map.of(
                    "kty", "OKP", "crv", "Ed25519", "kid", "o1", "use", "sig", "alg", "EdDSA", "x",
                    ED25519_X)));
    assertThat(k)
        .get()
        .isInstanceOfSatisfying(
            OctetKeyPair.class,
            o -> {
              assertThat(o.getCurve()).isEqualTo(Curve.Ed25519);
              assertThat(o.getX().toString()).isEqualTo(ED25519_X);
              assertThat(o.getKeyID()).isEqualTo("o1");
              assertThat(o.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
              assertThat(o.getAlgorithm().getName()).isEqualTo("EdDSA");
              assertThat(o.isPrivate()).isFalse();
            });
  }

  @Test
  void convert_okpKeyOnAnotherCurveOrOfTheWrongSize_isLeftOut() {
    for (Map<String, Object> json :
        List.<Map<String, Object>>of(
            Map.of("kty", "OKP", "crv", "X25519", "kid", "o1", "x", X25519_X),
            Map.of("kty", "OKP", "crv", "Ed448", "kid", "o1", "x", ED25519_X),
            Map.of("kty", "OKP", "kid", "o1", "x", ED25519_X),
            Map.of("kty", "OKP", "crv", "Ed25519", "kid", "o1"),
            Map.of("kty", "OKP", "crv", "Ed25519", "kid", "o1", "x", "11qYAYKxCrfVS_7TyWQHOg"),
            Map.of("kty", "OKP", "crv", "Ed25519", "kid", "o1", "x", ED25519_X + "AAAA"))) {
      assertThat(JwkConversion.convert(Jwk.fromValues(json))).as(json.toString()).isEmpty();
    }
  }

  @Test
  void convert_ed25519KeyWithPrivatePart_keepsOnlyThePublicKey() {
    Optional<JWK> k =
        JwkConversion.convert(
            Jwk.fromValues(
                Map.of(
                    "kty",
                    "OKP",
                    "crv",
                    "Ed25519",
                    "kid",
                    "o1",
                    "x",
                    ED25519_X,
                    "d",
                    "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A")));
    assertThat(k).get().satisfies(o -> assertThat(o.isPrivate()).isFalse());
  }

  @Test
  void convert_rsaAndEcKeys_keepKidUseAndAlg() {
    RSAKey rsa = TokenFixtures.rsa("r1");
    ECKey ec = TokenFixtures.ec("e1", Curve.P_384);
    Map<String, Object> rsaJson =
        new RSAKey.Builder(rsa).keyUse(KeyUse.SIGNATURE).build().toPublicJWK().toJSONObject();
    rsaJson.put("alg", "RS256");
    Optional<JWK> r = JwkConversion.convert(Jwk.fromValues(rsaJson));
    Optional<JWK> e = JwkConversion.convert(Jwk.fromValues(ec.toPublicJWK().toJSONObject()));
    assertThat(r)
        .get()
        .satisfies(
            k -> {
              assertThat(k.getKeyID()).isEqualTo("r1");
              assertThat(k.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
              assertThat(k.getAlgorithm().getName()).isEqualTo("RS256");
              assertThat(((RSAKey) k).getModulus()).isEqualTo(rsa.getModulus());
            });
    assertThat(e)
        .get()
        .isInstanceOfSatisfying(ECKey.class, k -> assertThat(k.getCurve()).isEqualTo(Curve.P_384));
  }

  @Test
  void convert_ecPointNotOnCurve_jwksRsaAcceptsItButItIsLeftOut() throws Exception {
    ECKey a = TokenFixtures.ec("a", Curve.P_256);
    ECKey b = TokenFixtures.ec("b", Curve.P_256);
    Map<String, Object> json = a.toPublicJWK().toJSONObject();
    json.put("y", b.getY().toString());
    Jwk offCurve = Jwk.fromValues(json);
    assertThat(offCurve.getPublicKey()).as("jwks-rsa does not check the point").isNotNull();
    assertThat(JwkConversion.convert(offCurve)).isEmpty();
  }

  @Test
  void toJwkSet_unsupportedKeyAmongGoodOnes_isLeftOutAlone() {
    RSAKey rsa = TokenFixtures.rsa("r1");
    Jwk okp = Jwk.fromValues(Map.of("kty", "OKP", "crv", "X25519", "kid", "o1", "x", X25519_X));
    Jwk good = Jwk.fromValues(rsa.toPublicJWK().toJSONObject());
    assertThat(JwkConversion.toJwkSet(List.of(okp, good)).getKeys())
        .extracting(JWK::getKeyID)
        .containsExactly("r1");
  }
}
