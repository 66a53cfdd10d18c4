package dev.wsgate.provider.jwks;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class KeyCacheTest {
  private final KeyCache cache = new KeyCache();
  private final RSAKey rsa = TokenFixtures.rsa("r1").toPublicJWK();

  @Test
  void verifier_sameKeyObject_madeOnce() throws Exception {
    JWSVerifier first = cache.verifier(rsa);
    assertThat(cache.verifier(rsa)).isSameAs(first);
    assertThat(cache.rsaBits(rsa)).isEqualTo(2048);
  }

  @Test
  void verifier_equalKeyFromARefreshedSet_madeAgain() throws Exception {
    RSAKey refreshed = RSAKey.parse(rsa.toJSONString());
    assertThat(refreshed).isEqualTo(rsa);
    assertThat(cache.verifier(refreshed)).isNotSameAs(cache.verifier(rsa));
  }

  @Test
  void verifier_cachedOne_checksSignaturesWithItsOwnKey() throws Exception {
    RSAKey signing = TokenFixtures.rsa("r2");
    JWSHeader header = new JWSHeader(JWSAlgorithm.RS256);
    byte[] input = "e30.e30".getBytes(StandardCharsets.US_ASCII);
    Base64URL signature = new RSASSASigner(signing).sign(header, input);
    JWSVerifier ours = cache.verifier(signing.toPublicJWK());
    assertThat(ours.verify(header, input, signature)).isTrue();
    assertThat(cache.verifier(rsa).verify(header, input, signature)).isFalse();
  }

  @Test
  void rsaBits_smallKey_reportedAsIs() {
    assertThat(cache.rsaBits(TokenFixtures.rsa("small", 1024).toPublicJWK())).isEqualTo(1024);
  }

  @Test
  void verifier_manyKeys_stillCorrectPastTheBound() throws Exception {
    for (int i = 0; i < KeyCache.MAX_ENTRIES + 5; i++) {
      RSAKey k = RSAKey.parse(rsa.toJSONString());
      assertThat(cache.verifier(k)).isSameAs(cache.verifier(k));
    }
  }
}
