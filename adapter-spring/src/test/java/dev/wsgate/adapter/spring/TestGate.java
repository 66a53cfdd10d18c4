package dev.wsgate.adapter.spring;

import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.OriginPolicy;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.TokenExtractors;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
        .build();
  }

  /** A token for {@code subject} valid for an hour of the test clock. */
  static String token(String subject) {
    return FakeTokenVerifier.token(subject, NOW.plus(Duration.ofHours(1)));
  }
}
