package dev.wsgate.provider.hmac;

import static dev.wsgate.provider.hmac.HmacTokenVerifierTest.HS256;
import static dev.wsgate.provider.hmac.HmacTokenVerifierTest.NOW;
import static dev.wsgate.provider.hmac.HmacTokenVerifierTest.VALID_CLAIMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the one-pass signature layer keeps from {@code JWSObject.parse}: nimbus's header rules and
 * size limit, applied to the header it parsed once; and the per-thread MACs under concurrency.
 */
final class HmacHeaderRulesTest {
  private static final String SECRET = "s".repeat(64);
  private final TokenVerifier verifier =
      HmacTokenVerifierTest.verifier(Map.of("secret", SECRET, "algorithms", "HS256,HS384,HS512"));

  @AfterEach
  void close() {
    verifier.close();
  }

  private static String sign(String header, String claims) {
    return TestJwts.sign(header, claims, SECRET, "HmacSHA256");
  }

  private void assertFailure(String token, Failure expected) {
    assertThatThrownBy(
            () ->
                verifier.verify(
                    token, VerificationContext.of("t", null, Instant.ofEpochSecond(NOW))))
        .isInstanceOfSatisfying(
            AuthenticationException.class, e -> assertThat(e.failure()).isEqualTo(expected));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "typ a number|{\"alg\":\"HS256\",\"typ\":7}",
        "kid an object|{\"alg\":\"HS256\",\"kid\":{}}",
        "cty an array|{\"alg\":\"HS256\",\"cty\":[\"JWT\"]}",
        "x5u not a URI|{\"alg\":\"HS256\",\"x5u\":\"::not a uri\"}",
        "jwk not an object|{\"alg\":\"HS256\",\"jwk\":\"k\"}",
      })
  void verify_headerBreakingNimbusRules_rejectsAsMalformed(String why, String header) {
    assertFailure(sign(header, VALID_CLAIMS), Failure.MALFORMED_TOKEN);
  }

  @Test
  void verify_headerOverNimbusLimit_rejectsAsMalformed() {
    String big = "{\"alg\":\"HS256\",\"pad\":\"" + "x".repeat(20_000) + "\"}";
    assertFailure(sign(big, VALID_CLAIMS), Failure.MALFORMED_TOKEN);
  }

  @Test
  void verify_headerJsonNull_rejectsAsMalformed() {
    assertFailure(sign("null", VALID_CLAIMS), Failure.MALFORMED_TOKEN);
  }

  @Test
  void verify_payloadJsonNull_rejectsAsMalformed() {
    assertFailure(sign(HS256, "null"), Failure.MALFORMED_TOKEN);
  }

  @Test
  void verify_duplicateClaim_rejectsAsMalformed() {
    assertFailure(
        sign(HS256, VALID_CLAIMS.replace("\"sub\":\"alice\"", "\"sub\":\"alice\",\"sub\":\"bob\"")),
        Failure.MALFORMED_TOKEN);
  }

  @Test
  void verify_charactersOutsideLatin1_failAsBefore() {
    String[] p = sign(HS256, VALID_CLAIMS).split("\\.");
    String emoji = "\ud83d\ude00";
    assertFailure(p[0] + emoji + "." + p[1] + "." + p[2], Failure.MALFORMED_TOKEN);
    assertFailure(p[0] + "." + emoji + p[1] + "." + p[2], Failure.MALFORMED_TOKEN);
    assertFailure(p[0] + "." + p[1] + "." + emoji + p[2], Failure.INVALID_SIGNATURE);
    assertFailure(p[0] + "." + p[1] + "." + p[2] + "\u00e9", Failure.INVALID_SIGNATURE);
    assertFailure(p[0] + "." + p[1] + "." + "\ud800", Failure.INVALID_SIGNATURE);
  }

  @Test
  void verify_manyThreadsMixingAlgorithms_eachTokenJudgedOnItsOwn() throws Exception {
    String[][] algs = {{"HS256", "HmacSHA256"}, {"HS384", "HmacSHA384"}, {"HS512", "HmacSHA512"}};
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        String[] alg = algs[i % 3];
        boolean good = i % 5 != 0;
        String token =
            TestJwts.sign(
                "{\"alg\":\"" + alg[0] + "\"}",
                VALID_CLAIMS,
                good ? SECRET : "t".repeat(64),
                alg[1]);
        results.add(
            pool.submit(
                () -> {
                  try {
                    verifier.verify(
                        token, VerificationContext.of("t", null, Instant.ofEpochSecond(NOW)));
                    return good;
                  } catch (AuthenticationException e) {
                    return !good && e.failure() == Failure.INVALID_SIGNATURE;
                  }
                }));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
