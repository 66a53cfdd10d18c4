package dev.wsgate.provider.jwks;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwk.Jwk;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What jwks-rsa hands over, and what reaches nimbus. */
final class JwkConversionTest {
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
    Jwk okp =
        Jwk.fromValues(
            Map.of("kty", "OKP", "crv", "Ed25519", "kid", "o1", "x", "11qYAYKxCrfVS_7TyWQHOg"));
    Jwk good = Jwk.fromValues(rsa.toPublicJWK().toJSONObject());
    assertThat(JwkConversion.toJwkSet(List.of(okp, good)).getKeys())
        .extracting(JWK::getKeyID)
        .containsExactly("r1");
  }
}
