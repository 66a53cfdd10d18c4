package dev.wsgate.gate;

import static dev.wsgate.testkit.HandshakeRequests.of;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.VerifiedToken;
import dev.wsgate.testkit.RecordingTokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** First-message authentication through the gate. */
final class HandshakeGateMessageTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String APP = "https://app.example.com";
  private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2ln";
  private static final String EXPIRED = "eyJhbGciOiJIUzI1NiJ9.ZXhwaXJlZA.c2ln";

  private final RecordingTokenVerifier verifier =
      RecordingTokenVerifier.answering(
          (token, context) -> {
            if (token.equals(EXPIRED)) {
              return VerifiedToken.builder("recording", "alice")
                  .expiresAt(context.now().minusSeconds(600))
                  .build();
            }
            if (!token.equals(TOKEN)) {
              throw new AuthenticationException(Failure.INVALID_SIGNATURE, "bad signature");
            }
            return VerifiedToken.builder("recording", "alice")
                .expiresAt(context.now().plusSeconds(600))
                .build();
          });
  private final DenyList deny = new DenyList();

  private HandshakeGate gate(boolean message) {
    List<TokenExtractor> extractors = new ArrayList<>(List.of(TokenExtractors.query("token")));
    if (message) {
      extractors.add(TokenExtractors.message());
    }
    return HandshakeGate.builder()
        .clock(CLOCK)
        .revocationCheck(deny)
        .tenant(
            new TenantPolicy(
                "default",
                OriginPolicy.of(List.of(APP), true),
                extractors,
                verifier,
                List.of("app.v1"),
                64,
                Duration.ofSeconds(30)))
        .build();
  }

  private static Decision settle(Evaluation e) {
    return e instanceof Decision d
        ? d
        : ((PendingVerification) e).verify(Runnable::run).toCompletableFuture().join();
  }

  private static Failure failure(Evaluation e) {
    Decision d = settle(e);
    assertThat(d).isInstanceOf(Decision.Rejected.class);
    return ((Decision.Rejected) d).failure();
  }

  private Decision.AwaitingAuthentication awaiting(HandshakeGate gate) {
    Decision d = settle(gate.begin(of("/ws", "Origin", APP, "Sec-WebSocket-Protocol", "app.v1")));
    assertThat(d).isInstanceOf(Decision.AwaitingAuthentication.class);
    return (Decision.AwaitingAuthentication) d;
  }

  @Test
  void upgradeWithoutToken_messageTenant_awaitsTheFirstFrame() {
    Decision.AwaitingAuthentication a = awaiting(gate(true));
    assertThat(a.tenant()).isEqualTo("default");
    assertThat(a.origin()).isEqualTo(APP);
    assertThat(a.subprotocol()).contains("app.v1");
    assertThat(a.tokenFingerprint()).isEmpty();
    assertThat(verifier.calls()).isEmpty();
  }

  @Test
  void upgradeWithoutToken_otherTenants_isMissingToken() {
    assertThat(failure(gate(false).begin(of("/ws", "Origin", APP))))
        .isEqualTo(Failure.MISSING_TOKEN);
  }

  @Test
  void upgradeWithoutToken_originCheckedFirst() {
    HandshakeGate gate = gate(true);
    assertThat(failure(gate.begin(of("/ws", "Origin", "https://evil.example.com"))))
        .isEqualTo(Failure.ORIGIN_NOT_ALLOWED);
    // allow-missing is for Authorization header tokens; a first frame can come from any page
    assertThat(failure(gate.begin(of("/ws")))).isEqualTo(Failure.ORIGIN_NOT_ALLOWED);
  }

  @Test
  void upgradeWithAToken_messageTenant_isDecidedAtTheUpgrade() {
    HandshakeGate gate = gate(true);
    assertThat(settle(gate.begin(of("/ws?token=" + TOKEN, "Origin", APP))))
        .isInstanceOf(Decision.Accepted.class);
    assertThat(failure(gate.begin(of("/ws?token=x" + TOKEN, "Origin", APP))))
        .isEqualTo(Failure.INVALID_SIGNATURE);
  }

  @Test
  void authenticate_validToken_isAcceptedWithTheUpgradesSubprotocol() {
    HandshakeGate gate = gate(true);
    Decision d = settle(gate.authenticate(awaiting(gate), TOKEN, "203.0.113.7"));
    assertThat(d).isInstanceOf(Decision.Accepted.class);
    Decision.Accepted a = (Decision.Accepted) d;
    assertThat(a.token().subject()).isEqualTo("alice");
    assertThat(a.token().tenant()).isEqualTo("default");
    assertThat(a.subprotocol()).isEqualTo(Optional.of("app.v1"));
    assertThat(a.tokenFingerprint()).isEqualTo(Redaction.fingerprint(TOKEN));
    assertThat(verifier.calls().get(0).context().origin()).contains(APP);
  }

  @Test
  void authenticate_refusals_haveTheFailuresOfAnUpgradesToken() {
    HandshakeGate gate = gate(true);
    Decision.AwaitingAuthentication a = awaiting(gate);
    assertThat(failure(gate.authenticate(a, "", "203.0.113.7"))).isEqualTo(Failure.MISSING_TOKEN);
    assertThat(failure(gate.authenticate(a, "x" + TOKEN, "203.0.113.7")))
        .isEqualTo(Failure.INVALID_SIGNATURE);
    assertThat(failure(gate.authenticate(a, EXPIRED, "203.0.113.7"))).isEqualTo(Failure.EXPIRED);
    assertThat(failure(gate.authenticate(a, "t".repeat(65), "203.0.113.7")))
        .isEqualTo(Failure.TOKEN_TOO_LARGE);
    assertThat(failure(gate.authenticate(a, "tok en", "203.0.113.7")))
        .isEqualTo(Failure.MALFORMED_TOKEN);
    deny.denySubject("default", "alice", NOW.plusSeconds(60));
    assertThat(failure(gate.authenticate(a, TOKEN, "203.0.113.7"))).isEqualTo(Failure.REVOKED);
  }

  @Test
  void authenticate_failures_countAgainstTheAddress() {
    FailureRateLimiter limiter = new FailureRateLimiter(2, 1, 100, CLOCK);
    HandshakeGate gate =
        HandshakeGate.builder()
            .clock(CLOCK)
            .failureLimiter(limiter)
            .tenant(
                new TenantPolicy(
                    "default",
                    OriginPolicy.of(List.of(APP), false),
                    List.of(TokenExtractors.message()),
                    verifier,
                    List.of(),
                    64,
                    Duration.ofSeconds(30)))
            .build();
    Decision.AwaitingAuthentication a =
        (Decision.AwaitingAuthentication) settle(gate.begin(of("/ws", "Origin", APP)));
    assertThat(failure(gate.authenticate(a, "bad1", "203.0.113.7")))
        .isEqualTo(Failure.INVALID_SIGNATURE);
    assertThat(failure(gate.authenticate(a, "bad2", "203.0.113.7")))
        .isEqualTo(Failure.INVALID_SIGNATURE);
    assertThat(failure(gate.begin(of("/ws", "Origin", APP)))).isEqualTo(Failure.RATE_LIMITED);
  }
}
