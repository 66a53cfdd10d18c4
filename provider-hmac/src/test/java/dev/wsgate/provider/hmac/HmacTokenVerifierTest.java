package dev.wsgate.provider.hmac;

import static dev.wsgate.provider.hmac.TestJwts.claims;
import static dev.wsgate.provider.hmac.TestJwts.hs256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class HmacTokenVerifierTest {
  static final long NOW = 1_800_000_000L;
  static final String HS256 = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
  static final String VALID_CLAIMS = claims(NOW, "");

  private final TokenVerifier verifier = verifier(Map.of());

  @AfterEach
  void close() {
    verifier.close();
  }

  static TokenVerifier verifier(Map<String, String> extra) {
    Map<String, String> values = new HashMap<>();
    values.put("secret", TestJwts.SECRET);
    values.put("issuer", TestJwts.ISSUER);
    values.put("audience", TestJwts.AUDIENCE);
    values.putAll(extra);
    return new HmacVerifierProvider()
        .create(
            ProviderSettings.builder("wsgate.provider.hmac.")
                .values(values)
                .clockSkew(Duration.ofSeconds(30))
                .build());
  }

  private VerifiedToken verify(String token) throws AuthenticationException {
    return verifier.verify(
        token, VerificationContext.of("default", null, Instant.ofEpochSecond(NOW)));
  }

  @Test
  void verify_validToken_returnsIdentity() throws Exception {
    VerifiedToken t =
        verify(hs256(HS256, claims(NOW, "\"scope\":\"chat:read chat:write\",\"jti\":\"j-1\"")));
    assertThat(t.subject()).isEqualTo("alice");
    assertThat(t.issuer()).isEqualTo(TestJwts.ISSUER);
    assertThat(t.audience()).containsExactly(TestJwts.AUDIENCE);
    assertThat(t.expiresAt()).contains(Instant.ofEpochSecond(NOW + 600));
    assertThat(t.scopes()).containsExactlyInAnyOrder("chat:read", "chat:write");
    assertThat(t.providerId()).isEqualTo("hmac");
    assertThat(t.tenant()).isEqualTo("default");
    assertThat(t.claims()).containsEntry("jti", "j-1");
  }

  @Test
  void verify_twoTokens_holdTheSettingsIssuerAndAudienceNotCopies() throws Exception {
    VerifiedToken a = verify(hs256(HS256, claims(NOW, "\"jti\":\"j-1\"")));
    VerifiedToken b = verify(hs256(HS256, claims(NOW, "\"jti\":\"j-2\"")));

    assertThat(a.issuer()).isEqualTo(TestJwts.ISSUER).isSameAs(b.issuer());
    assertThat(a.claims().get("iss")).isSameAs(a.issuer());
    assertThat(a.audience()).containsExactly(TestJwts.AUDIENCE).isSameAs(b.audience());
    assertThat(a.claims().get("aud")).isEqualTo(TestJwts.AUDIENCE).isSameAs(b.claims().get("aud"));
  }

  @Test
  void verify_audienceArrayContainingOurs_accepts() throws Exception {
    String claims =
        "{\"sub\":\"alice\",\"iss\":\""
            + TestJwts.ISSUER
            + "\",\"aud\":[\"other\",\"my-api\"],"
            + "\"exp\":"
            + (NOW + 60)
            + "}";
    assertThat(verify(hs256(HS256, claims)).audience()).containsExactly("other", "my-api");
  }

  @Test
  void verify_withinClockSkew_accepts() throws Exception {
    String expiredTenSecondsAgo =
        "{\"sub\":\"alice\",\"iss\":\""
            + TestJwts.ISSUER
            + "\",\"aud\":\"my-api\",\"exp\":"
            + (NOW - 10)
            + ",\"nbf\":"
            + (NOW + 10)
            + "}";
    assertThat(verify(hs256(HS256, expiredTenSecondsAgo)).subject()).isEqualTo("alice");
  }

  @Test
  void verify_configuredAlgorithms_acceptsEach() throws Exception {
    String secret = "s".repeat(64);
    try (TokenVerifier v = verifier(Map.of("secret", secret, "algorithms", "HS384,HS512"))) {
      for (String[] alg : new String[][] {{"HS384", "HmacSHA384"}, {"HS512", "HmacSHA512"}}) {
        String token = TestJwts.sign("{\"alg\":\"" + alg[0] + "\"}", VALID_CLAIMS, secret, alg[1]);
        assertThat(v.verify(token, VerificationContext.of("t", null, Instant.ofEpochSecond(NOW))))
            .extracting(VerifiedToken::subject)
            .isEqualTo("alice");
      }
      String hs256 = TestJwts.sign(HS256, VALID_CLAIMS, secret, "HmacSHA256");
      assertThatThrownBy(
              () -> v.verify(hs256, VerificationContext.of("t", null, Instant.ofEpochSecond(NOW))))
          .extracting(e -> ((AuthenticationException) e).failure())
          .isEqualTo(Failure.UNSUPPORTED_ALGORITHM);
    }
  }

  static Stream<Arguments> hostileTokens() {
    String valid = hs256(HS256, VALID_CLAIMS);
    String[] p = valid.split("\\.");
    String otherSecret = "another-secret-that-is-also-32-bytes-long!!";
    return Stream.of(
        Arguments.of(
            "alg none, no signature",
            TestJwts.b64("{\"alg\":\"none\"}") + "." + p[1] + ".",
            Failure.UNSUPPORTED_ALGORITHM),
        Arguments.of(
            "alg None",
            TestJwts.b64("{\"alg\":\"None\"}") + "." + p[1] + ".",
            Failure.UNSUPPORTED_ALGORITHM),
        Arguments.of(
            "alg NONE",
            TestJwts.b64("{\"alg\":\"NONE\"}") + "." + p[1] + ".",
            Failure.UNSUPPORTED_ALGORITHM),
        Arguments.of(
            "alg nOnE",
            TestJwts.b64("{\"alg\":\"nOnE\"}") + "." + p[1] + ".",
            Failure.UNSUPPORTED_ALGORITHM),
        Arguments.of(
            "alg none with a MAC",
            hs256("{\"alg\":\"none\"}", VALID_CLAIMS),
            Failure.UNSUPPORTED_ALGORITHM),
        Arguments.of(
            "alg RS256 keyed with the secret (key confusion)",
            hs256("{\"alg\":\"RS256\"}", VALID_CLAIMS),
            Failure.UNSUPPORTED_ALGORITHM),
        Arguments.of(
            "alg ES256", hs256("{\"alg\":\"ES256\"}", VALID_CLAIMS), Failure.UNSUPPORTED_ALGORITHM),
        Arguments.of(
            "alg PS256", hs256("{\"alg\":\"PS256\"}", VALID_CLAIMS), Failure.UNSUPPORTED_ALGORITHM),
        Arguments.of(
            "alg HS384 outside the allowlist",
            TestJwts.sign("{\"alg\":\"HS384\"}", VALID_CLAIMS, TestJwts.SECRET, "HmacSHA384"),
            Failure.UNSUPPORTED_ALGORITHM),
        Arguments.of(
            "alg lower case hs256",
            hs256("{\"alg\":\"hs256\"}", VALID_CLAIMS),
            Failure.UNSUPPORTED_ALGORITHM),
        Arguments.of(
            "alg missing", hs256("{\"typ\":\"JWT\"}", VALID_CLAIMS), Failure.UNSUPPORTED_ALGORITHM),
        Arguments.of(
            "alg a number", hs256("{\"alg\":256}", VALID_CLAIMS), Failure.UNSUPPORTED_ALGORITHM),
        Arguments.of(
            "alg an array",
            hs256("{\"alg\":[\"HS256\"]}", VALID_CLAIMS),
            Failure.UNSUPPORTED_ALGORITHM),
        Arguments.of(
            "unknown crit entry",
            hs256("{\"alg\":\"HS256\",\"crit\":[\"exp\"],\"exp\":1}", VALID_CLAIMS),
            Failure.MALFORMED_TOKEN),
        Arguments.of(
            "b64 false",
            hs256("{\"alg\":\"HS256\",\"b64\":false,\"crit\":[\"b64\"]}", VALID_CLAIMS),
            Failure.MALFORMED_TOKEN),
        Arguments.of(
            "JWE with five parts",
            "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..AAAA.AAAA.AAAA",
            Failure.MALFORMED_TOKEN),
        Arguments.of(
            "enc header on a JWS",
            hs256("{\"alg\":\"HS256\",\"enc\":\"A128GCM\"}", VALID_CLAIMS),
            Failure.MALFORMED_TOKEN),
        Arguments.of(
            "header not JSON",
            TestJwts.b64("not json") + "." + p[1] + "." + p[2],
            Failure.MALFORMED_TOKEN),
        Arguments.of(
            "header a JSON array",
            TestJwts.b64("[\"HS256\"]") + "." + p[1] + "." + p[2],
            Failure.MALFORMED_TOKEN),
        Arguments.of("payload not JSON", hs256(HS256, "hello"), Failure.MALFORMED_TOKEN),
        Arguments.of("payload a JSON array", hs256(HS256, "[1,2]"), Failure.MALFORMED_TOKEN),
        Arguments.of(
            "exp missing",
            hs256(
                HS256,
                "{\"sub\":\"alice\",\"iss\":\"" + TestJwts.ISSUER + "\",\"aud\":\"my-api\"}"),
            Failure.MALFORMED_TOKEN),
        Arguments.of(
            "exp a string",
            hs256(HS256, "{\"sub\":\"alice\",\"exp\":\"9999999999\"}"),
            Failure.MALFORMED_TOKEN),
        Arguments.of(
            "aud a number",
            hs256(HS256, claims(NOW, "\"aud\":7").replace("\"aud\":\"my-api\",", "")),
            Failure.MALFORMED_TOKEN),
        Arguments.of("expired an hour ago", hs256(HS256, claims(NOW - 4200, "")), Failure.EXPIRED),
        Arguments.of(
            "expired just past the skew", hs256(HS256, claims(NOW - 631, "")), Failure.EXPIRED),
        Arguments.of(
            "nbf beyond the skew",
            hs256(HS256, claims(NOW, "\"nbf\":" + (NOW + 31))),
            Failure.NOT_YET_VALID),
        Arguments.of(
            "iat in the future", hs256(HS256, claims(NOW + 3600, "")), Failure.NOT_YET_VALID),
        Arguments.of(
            "wrong issuer",
            hs256(HS256, VALID_CLAIMS.replace(TestJwts.ISSUER, "https://evil.example.com")),
            Failure.WRONG_ISSUER),
        Arguments.of(
            "issuer differing in case",
            hs256(HS256, VALID_CLAIMS.replace(TestJwts.ISSUER, "https://ISSUER.example.com")),
            Failure.WRONG_ISSUER),
        Arguments.of(
            "issuer missing",
            hs256(HS256, VALID_CLAIMS.replace("\"iss\":\"" + TestJwts.ISSUER + "\",", "")),
            Failure.WRONG_ISSUER),
        Arguments.of(
            "wrong audience",
            hs256(HS256, VALID_CLAIMS.replace("my-api", "other-api")),
            Failure.WRONG_AUDIENCE),
        Arguments.of(
            "audience array without ours",
            hs256(HS256, VALID_CLAIMS.replace("\"my-api\"", "[\"a\",\"my-api2\"]")),
            Failure.WRONG_AUDIENCE),
        Arguments.of(
            "audience missing",
            hs256(HS256, VALID_CLAIMS.replace("\"aud\":\"my-api\",", "")),
            Failure.WRONG_AUDIENCE),
        Arguments.of(
            "subject missing",
            hs256(HS256, VALID_CLAIMS.replace("\"sub\":\"alice\",", "")),
            Failure.MALFORMED_TOKEN),
        Arguments.of(
            "subject blank",
            hs256(HS256, VALID_CLAIMS.replace("alice", " ")),
            Failure.MALFORMED_TOKEN),
        Arguments.of(
            "signed with another secret",
            TestJwts.sign(HS256, VALID_CLAIMS, otherSecret, "HmacSHA256"),
            Failure.INVALID_SIGNATURE),
        Arguments.of("signature stripped", p[0] + "." + p[1] + ".", Failure.INVALID_SIGNATURE),
        Arguments.of("signature padded", valid + "=", Failure.INVALID_SIGNATURE),
        Arguments.of(
            "signature with a standard-alphabet character",
            p[0] + "." + p[1] + "." + p[2].substring(0, 10) + "+" + p[2].substring(11),
            Failure.INVALID_SIGNATURE),
        Arguments.of(
            "signature with a space", p[0] + "." + p[1] + ". " + p[2], Failure.INVALID_SIGNATURE),
        Arguments.of(
            "payload tampered",
            p[0] + "." + TestJwts.b64(VALID_CLAIMS.replace("alice", "admin")) + "." + p[2],
            Failure.INVALID_SIGNATURE),
        Arguments.of(
            "header tampered to add a kid",
            TestJwts.b64("{\"alg\":\"HS256\",\"kid\":\"x\"}") + "." + p[1] + "." + p[2],
            Failure.INVALID_SIGNATURE),
        Arguments.of(
            "embedded secret jwk header (nimbus refuses non-public jwk)",
            TestJwts.sign(
                "{\"alg\":\"HS256\",\"jwk\":{\"kty\":\"oct\",\"k\":\""
                    + TestJwts.b64(otherSecret)
                    + "\"}}",
                VALID_CLAIMS,
                otherSecret,
                "HmacSHA256"),
            Failure.MALFORMED_TOKEN),
        Arguments.of("two parts", p[0] + "." + p[1], Failure.MALFORMED_TOKEN),
        Arguments.of("four parts", valid + ".AAAA", Failure.MALFORMED_TOKEN),
        Arguments.of("empty header", "." + p[1] + "." + p[2], Failure.MALFORMED_TOKEN),
        Arguments.of(
            "JSON serialization",
            "{\"payload\":\""
                + p[1]
                + "\",\"protected\":\""
                + p[0]
                + "\",\"signature\":\""
                + p[2]
                + "\"}",
            Failure.MALFORMED_TOKEN),
        Arguments.of("one character", "x", Failure.MALFORMED_TOKEN),
        Arguments.of(
            "space inside the header",
            p[0].substring(0, 5) + " " + p[0].substring(5) + "." + p[1] + "." + p[2],
            Failure.MALFORMED_TOKEN),
        Arguments.of(
            "payload with non-zero unused bits", p[0] + ".AB." + p[2], Failure.MALFORMED_TOKEN));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("hostileTokens")
  void verify_hostileToken_rejectsWithPreciseFailure(String why, String token, Failure expected) {
    assertThatThrownBy(() -> verify(token))
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            e -> {
              assertThat(e.failure()).as(why).isEqualTo(expected);
              assertThat(e.getMessage()).doesNotContain(TestJwts.SECRET);
              if (token.length() >= 8) {
                assertThat(e.getMessage()).doesNotContain(token);
              }
            });
  }

  @Test
  void hostileTokens_atLeastThirty() {
    assertThat(hostileTokens().count()).isGreaterThanOrEqualTo(30);
  }

  @Test
  void verify_requiredClaimMissing_rejectsAsMalformed() throws Exception {
    try (TokenVerifier v = verifier(Map.of("required-claims", "tid, jti"))) {
      VerificationContext ctx = VerificationContext.of("t", null, Instant.ofEpochSecond(NOW));
      assertThatThrownBy(() -> v.verify(hs256(HS256, claims(NOW, "\"jti\":\"1\"")), ctx))
          .isInstanceOfSatisfying(
              AuthenticationException.class,
              e -> {
                assertThat(e.failure()).isEqualTo(Failure.MALFORMED_TOKEN);
                assertThat(e.getMessage()).contains("'tid'");
              });
      assertThat(v.verify(hs256(HS256, claims(NOW, "\"jti\":\"1\",\"tid\":\"t\"")), ctx).subject())
          .isEqualTo("alice");
    }
  }

  @Test
  void verify_keyUrlHeaders_neverFetched() throws Exception {
    AtomicInteger hits = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          hits.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      String attacker = "attacker-secret-that-is-at-least-32-bytes";
      for (String header :
          new String[] {
            "{\"alg\":\"HS256\",\"jku\":\"" + base + "/jwks\",\"kid\":\"k\"}",
            "{\"alg\":\"HS256\",\"x5u\":\"" + base + "/cert\"}",
          }) {
        String forged = TestJwts.sign(header, VALID_CLAIMS, attacker, "HmacSHA256");
        assertThatThrownBy(() -> verify(forged))
            .extracting(e -> ((AuthenticationException) e).failure())
            .isEqualTo(Failure.INVALID_SIGNATURE);
        // The same headers on a token signed with our secret change nothing: the key is ours.
        assertThat(verify(hs256(header, VALID_CLAIMS)).subject()).isEqualTo("alice");
      }
    } finally {
      server.stop(0);
    }
    assertThat(hits).hasValue(0);
  }
}
