package dev.wsgate.provider.jwks;

import static dev.wsgate.provider.jwks.Verifiers.assertRejected;
import static dev.wsgate.provider.jwks.Verifiers.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.VerifiedToken;
import dev.wsgate.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Time, issuer and audience rules, with the request's time from an injected clock. */
final class ClaimsTest {
  private static final RSAKey KEY = TokenFixtures.rsa("k1");
  private static final Duration SKEW = Duration.ofSeconds(30);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  private JwksTokenVerifier verifier = verifier(Map.of());

  private JwksTokenVerifier verifier(Map<String, String> extra) {
    Map<String, String> values = new HashMap<>();
    values.put("jwks-uri", "https://keys.example.com/jwks.json");
    values.put("issuer", TokenFixtures.ISSUER);
    values.put("audience", "my-api,other-api");
    values.putAll(extra);
    return Verifiers.inMemory(values, clock, TokenFixtures.jwks(KEY));
  }

  @AfterEach
  void close() {
    verifier.close();
  }

  private String token(UnaryOperator<JWTClaimsSet.Builder> claims) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder b = TokenFixtures.claims("alice", now, now.plus(Duration.ofMinutes(10)));
    return TokenFixtures.sign(KEY, JWSAlgorithm.RS256, claims.apply(b).build());
  }

  private static Date at(Instant i) {
    return Date.from(i);
  }

  @Test
  void verify_validToken_returnsItsIdentity() throws Exception {
    String token =
        token(
            b ->
                b.claim("scope", "read:chat write:chat")
                    .claim("permissions", List.of("admin"))
                    .jwtID("t-1"));
    VerifiedToken t = verifier.verify(token, Verifiers.at(clock));
    assertThat(t.providerId()).isEqualTo("jwks");
    assertThat(t.subject()).isEqualTo("alice");
    assertThat(t.issuer()).isEqualTo(TokenFixtures.ISSUER);
    assertThat(t.audience()).containsExactly("my-api");
    assertThat(t.expiresAt()).contains(clock.instant().plus(Duration.ofMinutes(10)));
    assertThat(t.scopes()).containsExactlyInAnyOrder("read:chat", "write:chat", "admin");
    assertThat(t.tenant()).isEqualTo("default");
    assertThat(t.tokenId()).contains("t-1");
    assertThat(t.claims()).containsEntry("sub", "alice");
  }

  @Test
  void verify_noExp_rejectedAsMalformed() {
    assertRejected(verifier, token(b -> b.expirationTime(null)), clock, Failure.MALFORMED_TOKEN);
  }

  @Test
  void verify_expWithinSkew_acceptedThenExpired() throws Exception {
    Instant exp = clock.instant().plus(Duration.ofMinutes(10));
    String token = token(b -> b.expirationTime(at(exp)));
    clock.advance(Duration.ofMinutes(10).plus(SKEW).minusSeconds(1));
    assertThat(verifier.verify(token, Verifiers.at(clock)).subject()).isEqualTo("alice");
    clock.advance(Duration.ofSeconds(1));
    assertRejected(verifier, token, clock, Failure.EXPIRED);
  }

  @Test
  void verify_nbfInTheFuture_notYetValidUnlessWithinSkew() throws Exception {
    Instant now = clock.instant();
    assertRejected(
        verifier,
        token(b -> b.notBeforeTime(at(now.plus(SKEW).plusSeconds(1)))),
        clock,
        Failure.NOT_YET_VALID);
    assertThat(
            verifier.verify(token(b -> b.notBeforeTime(at(now.plus(SKEW)))), Verifiers.at(clock)))
        .isNotNull();
  }

  @Test
  void verify_iatInTheFuture_notYetValid() {
    Instant now = clock.instant();
    assertRejected(
        verifier,
        token(b -> b.issueTime(at(now.plus(SKEW).plusSeconds(5)))),
        clock,
        Failure.NOT_YET_VALID);
  }

  @Test
  void verify_clockSkewSetting_isHonoured() throws Exception {
    String token = token(b -> b.expirationTime(at(clock.instant().plusSeconds(10))));
    clock.advance(Duration.ofSeconds(15));
    assertThat(verifier.verify(token, Verifiers.at(clock)).subject()).isEqualTo("alice");
    ProviderSettings strict =
        ProviderSettings.builder(Verifiers.PREFIX)
            .values(Map.of("jwks-uri", "https://keys.example.com/jwks.json"))
            .clock(clock)
            .clockSkew(Duration.ofSeconds(2))
            .build();
    try (JwksTokenVerifier v = Verifiers.inMemory(strict, clock, TokenFixtures.jwks(KEY))) {
      assertRejected(v, token, clock, Failure.EXPIRED);
    }
  }

  @Test
  void verify_otherOrMissingIssuer_rejected() {
    assertRejected(
        verifier, token(b -> b.issuer("https://evil.example.com/")), clock, Failure.WRONG_ISSUER);
    assertRejected(verifier, token(b -> b.issuer(null)), clock, Failure.WRONG_ISSUER);
    assertRejected(
        verifier,
        token(b -> b.issuer(TokenFixtures.ISSUER.replaceAll("/$", ""))),
        clock,
        Failure.WRONG_ISSUER);
  }

  @Test
  void verify_audience_oneConfiguredValueIsEnough() throws Exception {
    assertThat(
            verifier.verify(
                token(b -> b.audience(List.of("someone-else", "other-api"))), Verifiers.at(clock)))
        .isNotNull();
    assertRejected(
        verifier, token(b -> b.audience(List.of("someone-else"))), clock, Failure.WRONG_AUDIENCE);
    assertRejected(verifier, token(b -> b.audience((String) null)), clock, Failure.WRONG_AUDIENCE);
  }

  @Test
  void verify_noAudienceConfigured_anyAudienceAccepted() throws Exception {
    verifier.close();
    verifier =
        Verifiers.inMemory(
            Map.of("jwks-uri", "https://keys.example.com/jwks.json"),
            clock,
            TokenFixtures.jwks(KEY));
    assertThat(verifier.verify(token(b -> b.audience("anything")), Verifiers.at(clock)).subject())
        .isEqualTo("alice");
  }

  @Test
  void verify_registeredClaimOfWrongType_rejected() {
    assertRejected(
        verifier, token(b -> b.claim("exp", "tomorrow")), clock, Failure.MALFORMED_TOKEN);
    // nimbus reads a non-string aud as no audience
    assertRejected(verifier, token(b -> b.claim("aud", 42)), clock, Failure.WRONG_AUDIENCE);
  }

  @Test
  void verify_noSubject_rejectedAsMalformed() {
    assertRejected(verifier, token(b -> b.subject(null)), clock, Failure.MALFORMED_TOKEN);
  }

  @Test
  void verify_payloadNotAClaimSet_rejectedAsMalformed() throws Exception {
    com.nimbusds.jose.JWSObject jws =
        new com.nimbusds.jose.JWSObject(
            new com.nimbusds.jose.JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
            new com.nimbusds.jose.Payload("[1,2,3]"));
    jws.sign(new com.nimbusds.jose.crypto.RSASSASigner(KEY));
    assertRejected(verifier, jws.serialize(), clock, Failure.MALFORMED_TOKEN);
  }
}
