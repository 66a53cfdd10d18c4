package dev.wsgate.provider.jwks;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwk.Jwk;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.wsgate.testkit.WycheproofEd25519;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Project Wycheproof's Ed25519 vectors through the key path of production: the vector's {@code OKP}
 * JWK parsed by jwks-rsa, converted by {@link JwkConversion}, and checked by {@link
 * JdkEd25519Verifier} (raw messages, since the vectors are not JWS).
 */
final class WycheproofEd25519Test {
  @Test
  void vectors_coverValidAndEveryKindOfInvalid() {
    List<WycheproofEd25519.Vector> all = WycheproofEd25519.all();
    assertThat(all).hasSizeGreaterThan(140);
    assertThat(all).anyMatch(WycheproofEd25519.Vector::valid);
    assertThat(all.stream().flatMap(v -> v.flags().stream()))
        .contains(
            "SignatureMalleability",
            "InvalidSignature",
            "TruncatedSignature",
            "SignatureWithGarbage",
            "InvalidEncoding");
  }

  @TestFactory
  Stream<DynamicTest> verifies_wycheproofVector_acceptsValidRejectsInvalid() {
    return WycheproofEd25519.all().stream()
        .map(v -> DynamicTest.dynamicTest(v.toString(), () -> check(v)));
  }

  private static void check(WycheproofEd25519.Vector v) throws Exception {
    JWK key = JwkConversion.convert(Jwk.fromValues(JSONObjectUtils.parse(v.jwk()))).orElseThrow();
    assertThat(key).isInstanceOf(OctetKeyPair.class);
    assertThat(((OctetKeyPair) key).getDecodedX()).isEqualTo(v.publicKey());
    JdkEd25519Verifier verifier = new JdkEd25519Verifier((OctetKeyPair) key);
    assertThat(verifier.verifies(v.message(), v.signature())).isEqualTo(v.valid());
  }
}
