package dev.wsgate.adapter.spring;

import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.OriginPolicy;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.TokenExtractors;
import dev.wsgate.spi.RevocationCheck;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerifiedToken;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gate of the test applications: one tenant, testkit's {@link FakeTokenVerifier} (tokens {@code
 * fake.<sub>.<exp>}, {@code fail.<FAILURE>}), the origin {@link #ORIGIN}, tokens in the query, the
 * {@code wsgate_token} cookie or the subprotocol, and an injected clock.
 */
final class TestGate {
  static final String ORIGIN = "https://app.example.com";
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  private TestGate() {}

  static HandshakeGate gate(MutableClock clock) {
    return gate(clock, new FakeTokenVerifier());
  }

  static HandshakeGate gate(MutableClock clock, TokenVerifier verifier) {
    return gate(clock, verifier, new Revoked());
  }

  static HandshakeGate gate(MutableClock clock, TokenVerifier verifier, Revoked revoked) {
    return HandshakeGate.builder()
        .tenant(
            new TenantPolicy(
                "default",
                OriginPolicy.of(List.of(ORIGIN), false),
                List.of(
                    TokenExtractors.query("token"),
                    TokenExtractors.cookie("wsgate_token"),
                    TokenExtractors.subprotocol("bearer.")),
                verifier,
                List.of("app.v1", "v12.stomp"),
                TenantPolicy.DEFAULT_MAX_TOKEN_BYTES,
                Duration.ofSeconds(30)))
        .clock(clock)
        .revocationCheck(revoked)
        .build();
  }

  /** A revocation check denying the subjects a test adds. */
  static final class Revoked implements RevocationCheck {
    final Set<String> subjects = ConcurrentHashMap.newKeySet();

    @Override
    public boolean isRevoked(VerifiedToken token, Instant now) {
      return subjects.contains(token.subject());
    }
  }

  /**
   * What the test applications answer to the text {@code exp}: the {@code exp} of the session's
   * {@link WsgateSpring#VERIFIED_TOKEN} attribute and its {@link WsgateSpring#TOKEN_FINGERPRINT},
   * the latest refreshed token's.
   */
  static String expOf(Map<String, Object> attributes) {
    return "exp="
        + WsgateSpring.verifiedToken(attributes)
            .flatMap(VerifiedToken::expiresAt)
            .map(Instant::getEpochSecond)
            .map(String::valueOf)
            .orElse("-")
        + " token="
        + attributes.get(WsgateSpring.TOKEN_FINGERPRINT);
  }

  /** A token for {@code subject} valid for an hour of the test clock. */
  static String token(String subject) {
    return FakeTokenVerifier.token(subject, NOW.plus(Duration.ofHours(1)));
  }
}
