package dev.wsgate.provider.jwks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.auth0.jwk.JwksHttpResponse;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.wsgate.internal.keys.KeyScheduler;
import dev.wsgate.internal.keys.Verifications;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.ProviderEvents;
import dev.wsgate.testkit.MutableClock;
import dev.wsgate.testkit.WycheproofJws;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Project Wycheproof's JWS vectors with RSA and EC keys through the signature layer: the vector's
 * key is the only key of the JWKS, fetched and converted exactly as in production (jwks-rsa parses
 * it, nimbus checks the signature), with every supported algorithm allowed.
 */
final class WycheproofSignatureTest {
  /**
   * Valid vectors whose key declares an {@code alg} other than the token's (RFC 7520 figures 20 and
   * 27 with a key marked PS256 or ES521 verifying PS384 or ES512). We do not use a key for an
   * algorithm its {@code alg} excludes, so these are rejected on purpose.
   */
  private static final Set<Integer> VALID_BUT_KEY_ALG_CONTRADICTS = Set.of(346, 347, 350, 351);

  private static List<WycheproofJws.Vector> vectors() {
    return WycheproofJws.all().stream()
        .filter(v -> Set.of("RSA", "EC").contains(keyType(v)))
        .toList();
  }

  @Test
  void vectors_rsaAndEcGroups_arePresent() {
    Set<String> algorithms =
        vectors().stream().map(WycheproofJws.Vector::algorithm).collect(Collectors.toSet());
    assertThat(algorithms).contains("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256");
    assertThat(vectors()).hasSizeGreaterThan(300);
  }

  @Test
  void vectors_validButKeyAlgContradicts_areExactlyTheKnownOnes() {
    Set<Integer> found = new TreeSet<>();
    for (WycheproofJws.Vector v : vectors()) {
      if (v.valid() && !keyAlgAgrees(v)) {
        found.add(v.tcId());
      }
    }
    assertThat(found).isEqualTo(new TreeSet<>(VALID_BUT_KEY_ALG_CONTRADICTS));
  }

  @TestFactory
  Stream<DynamicTest> verify_wycheproofVector_acceptsValidRejectsInvalid() {
    return vectors().stream().map(v -> DynamicTest.dynamicTest(v.toString(), () -> check(v)));
  }

  private static void check(WycheproofJws.Vector v) throws Exception {
    try (JwksKeys keys = oneKeySet(v.jwk())) {
      SignatureCheck signatures = new SignatureCheck(JwksSettings.SUPPORTED_ALGORITHMS, keys);
      Throwable thrown =
          catchThrowable(
              () -> {
                SignatureCheck.Signed signed = signatures.parse(v.jws());
                signatures.verify(signed, Verifications.await(keys.candidates(signed.header())));
              });
      if (v.valid() && keyAlgAgrees(v)) {
        assertThat(thrown).as("a valid vector must be accepted").isNull();
      } else {
        Throwable classified =
            thrown instanceof Exception ? JwksTokenVerifier.classify((Exception) thrown) : thrown;
        assertThat(classified)
            .as("an invalid vector must be rejected")
            .isInstanceOfSatisfying(
                AuthenticationException.class,
                e -> {
                  assertThat(e.failure().httpStatus()).isEqualTo(401);
                  if (v.valid()) {
                    assertThat(e.failure()).isEqualTo(Failure.UNKNOWN_KEY);
                  }
                });
      }
    }
  }

  /** A key source whose "key server" answers every fetch with a JWKS holding only {@code jwk}. */
  private static JwksKeys oneKeySet(String jwk) {
    JwksSettings settings =
        new JwksSettings(
            URI.create("https://keys.example.com/jwks.json"),
            false,
            "",
            List.of(),
            JwksSettings.SUPPORTED_ALGORITHMS,
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            JwksSettings.DEFAULT_CACHE_TTL,
            JwksSettings.DEFAULT_REFRESH_AHEAD,
            JwksSettings.DEFAULT_STALE_IF_ERROR,
            JwksSettings.DEFAULT_MAX_RESPONSE_BYTES,
            Duration.ofSeconds(30),
            ProviderEvents.NONE);
    String body = "{\"keys\":[" + jwk + "]}";
    return JwksKeys.create(
        settings,
        url -> new JwksHttpResponse(body),
        new MutableClock(Instant.parse("2026-01-01T00:00:00Z")),
        KeyScheduler.thread("wsgate-jwks-keys-wycheproof"));
  }

  private static String keyType(WycheproofJws.Vector v) {
    try {
      return v.jwk().isEmpty() ? "" : JSONObjectUtils.getString(json(v.jwk()), "kty");
    } catch (java.text.ParseException e) {
      return "";
    }
  }

  /** The key declares no {@code alg}, or the token's. */
  private static boolean keyAlgAgrees(WycheproofJws.Vector v) {
    try {
      String keyAlg = JSONObjectUtils.getString(json(v.jwk()), "alg");
      if (keyAlg == null || !v.isCompact()) {
        return true;
      }
      String header = new Base64URL(v.jws().split("\\.", -1)[0]).decodeToString();
      return keyAlg.equals(JSONObjectUtils.getString(json(header), "alg"));
    } catch (java.text.ParseException | RuntimeException e) {
      return true;
    }
  }

  private static Map<String, Object> json(String s) throws java.text.ParseException {
    return JSONObjectUtils.parse(s);
  }
}
