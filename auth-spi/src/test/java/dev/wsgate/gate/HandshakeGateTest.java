package dev.wsgate.gate;

import static dev.wsgate.testkit.HandshakeRequests.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerifiedToken;
import dev.wsgate.testkit.HandshakeRequests;
import dev.wsgate.testkit.RecordingTokenVerifier;
import dev.wsgate.testkit.TestTenants;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

final class HandshakeGateTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String APP = "https://app.example.com";
  private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2ln";
  private static final String OTHER_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJldmUifQ.c2ln";

  private static TenantPolicy tenant(
      String id, TokenVerifier verifier, boolean allowMissing, int maxTokenBytes) {
    return TestTenants.standard(id, verifier, maxTokenBytes, APP, allowMissing);
  }

  private static HandshakeGate gate(TokenVerifier verifier) {
    return gate(verifier, false);
  }

  private static HandshakeGate gate(TokenVerifier verifier, boolean allowMissing) {
    return HandshakeGate.builder()
        .tenant(tenant("default", verifier, allowMissing, TenantPolicy.DEFAULT_MAX_TOKEN_BYTES))
        .clock(CLOCK)
        .build();
  }

  private static Decision.Rejected rejected(Decision decision, Failure failure) {
    assertThat(decision).isInstanceOf(Decision.Rejected.class);
    Decision.Rejected r = (Decision.Rejected) decision;
    assertThat(r.failure()).as(r.safeMessage()).isEqualTo(failure);
    assertThat(r.safeMessage()).isNotBlank().doesNotContain(TOKEN).doesNotContain(OTHER_TOKEN);
    return r;
  }

  private static Decision.Accepted accepted(Decision decision) {
    assertThat(decision).isInstanceOf(Decision.Accepted.class);
    return (Decision.Accepted) decision;
  }

  /** Two configured sources carrying different tokens, each request from the allowed origin. */
  static Stream<Arguments> twoSources() {
    String[] queryCookie = {"Origin", APP, "Cookie", "wsgate_token=" + OTHER_TOKEN};
    String[] queryHeader = {"Origin", APP, "Authorization", "Bearer " + OTHER_TOKEN};
    String[] cookieSubprotocol = {
      "Origin",
      APP,
      "Cookie",
      "wsgate_token=" + TOKEN,
      "Sec-WebSocket-Protocol",
      "app.v1, bearer." + OTHER_TOKEN
    };
    String[] subprotocolHeader = {
      "Origin",
      APP,
      "Sec-WebSocket-Protocol",
      "app.v1, bearer." + TOKEN,
      "Authorization",
      "Bearer " + OTHER_TOKEN
    };
    return Stream.of(
        Arguments.of("query + cookie", "/ws?token=" + TOKEN, queryCookie),
        Arguments.of("query + header", "/ws?token=" + TOKEN, queryHeader),
        Arguments.of("cookie + subprotocol", "/ws", cookieSubprotocol),
        Arguments.of("subprotocol + header", "/ws", subprotocolHeader));
  }

  @Test
  void clock_isTheOneGivenToTheBuilder() {
    assertThat(gate(RecordingTokenVerifier.accepting()).clock()).isSameAs(CLOCK);
  }

  @Nested
  final class Begin {
    private TokenVerifier neverBlocking(TokenVerifier delegate) {
      return new TokenVerifier() {
        @Override
        public VerifiedToken verify(String token, dev.wsgate.spi.VerificationContext context)
            throws AuthenticationException {
          return delegate.verify(token, context);
        }

        @Override
        public boolean mayBlock() {
          return false;
        }
      };
    }

    @Test
    void begin_verifierThatMayBlock_pendingUntilTheCacheHoldsTheToken_verifyingNothing() {
      RecordingTokenVerifier verifier = RecordingTokenVerifier.accepting();
      TokenVerifier cached =
          CachingTokenVerifier.wrap(verifier, 100, Duration.ofMinutes(5), Duration.ofSeconds(30));
      HandshakeGate gate = gate(cached);
      HandshakeRequest request = of("/ws?token=" + TOKEN, "Origin", APP);

      Evaluation first = gate.begin(request);
      assertThat(first).isInstanceOf(PendingVerification.class);
      assertThat(verifier.calls()).as("begin verifies nothing that may block").isEmpty();
      PendingVerification pending = (PendingVerification) first;
      assertThat(pending.tenant()).isEqualTo("default");
      assertThat(pending.tokenFingerprint()).isEqualTo(Redaction.fingerprint(TOKEN));
      accepted(pending.verify(Runnable::run).toCompletableFuture().join());

      assertThat(gate.begin(request)).as("cache hit").isInstanceOf(Decision.Accepted.class);
      assertThat(gate.begin(of("/ws?token=" + OTHER_TOKEN, "Origin", APP)))
          .isInstanceOf(PendingVerification.class);
      assertThat(verifier.calls()).hasSize(1);
    }

    @Test
    void begin_verifierThatNeverBlocks_decidesOnTheCallingThread() {
      RecordingTokenVerifier verifier = RecordingTokenVerifier.accepting();
      Evaluation e = gate(neverBlocking(verifier)).begin(of("/ws?token=" + TOKEN, "Origin", APP));

      assertThat(accepted((Decision) e).token().subject()).isEqualTo("user");
      assertThat(verifier.calls()).hasSize(1);
    }

    @Test
    void begin_refusedBeforeVerification_isAFinalDecision() {
      RecordingTokenVerifier verifier = RecordingTokenVerifier.accepting();
      HandshakeGate blocking = gate(verifier);

      rejected(
          (Decision) blocking.begin(of("/ws?token=" + TOKEN, "Origin", "https://evil.example")),
          Failure.ORIGIN_NOT_ALLOWED);
      rejected((Decision) blocking.begin(of("/ws", "Origin", APP)), Failure.MISSING_TOKEN);
      assertThat(verifier.calls()).isEmpty();
    }

    @Test
    void begin_failureOfANeverBlockingVerifier_countsAgainstTheAddress() {
      FailureRateLimiter limiter = new FailureRateLimiter(1, 60, 100, CLOCK);
      RecordingTokenVerifier failing =
          RecordingTokenVerifier.answering(
              (token, context) -> {
                throw new AuthenticationException(Failure.INVALID_SIGNATURE, "bad signature");
              });
      HandshakeGate gate =
          HandshakeGate.builder()
              .tenant(
                  tenant(
                      "default",
                      neverBlocking(failing),
                      false,
                      TenantPolicy.DEFAULT_MAX_TOKEN_BYTES))
              .clock(CLOCK)
              .failureLimiter(limiter)
              .build();
      HandshakeRequest request = of("/ws?token=" + TOKEN, "Origin", APP);

      rejected((Decision) gate.begin(request), Failure.INVALID_SIGNATURE);
      Decision.Rejected limited = rejected((Decision) gate.begin(request), Failure.RATE_LIMITED);
      assertThat(limited.refusal().retryAfterSeconds()).isPositive();
      assertThat(failing.calls()).hasSize(1);
    }
  }

  @Nested
  final class Refresh {
    private final VerifiedToken current =
        VerifiedToken.builder("recording", "user")
            .expiresAt(NOW.plusSeconds(60))
            .build()
            .withTenant("default");

    @Test
    void refresh_sameSubject_acceptedWithTheNewExpiry() {
      RecordingTokenVerifier verifier = RecordingTokenVerifier.accepting();
      Decision d = gate(verifier).evaluateRefresh(current, APP, TOKEN);

      assertThat(accepted(d).token().expiresAt()).hasValue(NOW.plus(Duration.ofHours(1)));
      assertThat(verifier.calls().get(0).context().origin()).hasValue(APP);
    }

    @Test
    void refresh_anotherSubject_subjectMismatch() {
      RecordingTokenVerifier verifier =
          RecordingTokenVerifier.answering(
              (token, context) -> VerifiedToken.builder("recording", "mallory").build());
      Decision.Rejected r =
          rejected(gate(verifier).evaluateRefresh(current, APP, TOKEN), Failure.SUBJECT_MISMATCH);
      assertThat(r.safeMessage()).contains("subject");
    }

    @Test
    void refresh_badCharactersTooLargeOrEmpty_refusedBeforeTheVerifier() {
      RecordingTokenVerifier verifier = RecordingTokenVerifier.accepting();
      HandshakeGate gate = gate(verifier);

      rejected(gate.evaluateRefresh(current, APP, "abc def"), Failure.MALFORMED_TOKEN);
      rejected(gate.evaluateRefresh(current, APP, "a".repeat(9000)), Failure.TOKEN_TOO_LARGE);
      rejected(gate.evaluateRefresh(current, APP, ""), Failure.BAD_REQUEST);
      assertThat(verifier.calls()).isEmpty();
    }

    @Test
    void refresh_verifierThrowsUnexpectedly_internalError() {
      RecordingTokenVerifier verifier =
          RecordingTokenVerifier.answering(
              (token, context) -> {
                throw new IllegalStateException("boom " + token);
              });
      rejected(gate(verifier).evaluateRefresh(current, APP, TOKEN), Failure.INTERNAL_ERROR);
    }
  }

  @Nested
  final class Accepting {

    @Test
    void evaluate_queryTokenFromAllowedOrigin_acceptsWithTenantAndFingerprint() {
      RecordingTokenVerifier verifier = RecordingTokenVerifier.accepting();
      Decision d = gate(verifier).evaluate(of("/ws?token=" + TOKEN, "Origin", APP));

      Decision.Accepted a = accepted(d);
      assertThat(a.tenant()).isEqualTo("default");
      assertThat(a.token().tenant()).isEqualTo("default");
      assertThat(a.token().subject()).isEqualTo("user");
      assertThat(a.subprotocol()).isEmpty();
      assertThat(a.tokenFingerprint()).isEqualTo(Redaction.fingerprint(TOKEN)).hasSize(8);
      assertThat(verifier.tokens()).containsExactly(TOKEN);
    }

    @Test
    void evaluate_verifierContextAndDecision_carryTenantNormalisedOriginAndClock() {
      RecordingTokenVerifier verifier = RecordingTokenVerifier.accepting();
      Decision d =
          gate(verifier)
              .evaluate(of("/ws?token=" + TOKEN, "Origin", "HTTPS://App.Example.com:443"));

      assertThat(accepted(d).origin()).hasValue(APP);
      RecordingTokenVerifier.Call call = verifier.calls().get(0);
      assertThat(call.context().tenant()).isEqualTo("default");
      assertThat(call.context().origin()).hasValue(APP);
      assertThat(call.context().now()).isEqualTo(NOW);
    }

    @Test
    void evaluate_sameTokenInTwoSources_accepts() {
      RecordingTokenVerifier verifier = RecordingTokenVerifier.accepting();
      Decision d =
          gate(verifier)
              .evaluate(of("/ws?token=" + TOKEN, "Origin", APP, "Cookie", "wsgate_token=" + TOKEN));
      accepted(d);
      assertThat(verifier.tokens()).containsExactly(TOKEN);
    }

    @Test
    void evaluate_tokenOfExactlyMaxBytes_reachesVerifier() {
      RecordingTokenVerifier verifier = RecordingTokenVerifier.accepting();
      String token = "a".repeat(TenantPolicy.DEFAULT_MAX_TOKEN_BYTES);
      accepted(gate(verifier).evaluate(of("/ws?token=" + token, "Origin", APP)));
      assertThat(verifier.tokens()).containsExactly(token);
    }
  }

  @Nested
  final class StepOrder {

    @Test
    void tenant_unresolved_rejectsBeforeAnythingElse() {
      RecordingTokenVerifier verifier = RecordingTokenVerifier.accepting();
      HandshakeGate gate =
          HandshakeGate.builder()
              .tenant(tenant("acme", verifier, false, 8192))
              .resolver(TenantResolver.byHost(Map.of("acme.example.com", "acme")))
              .clock(CLOCK)
              .build();
      Decision d =
          gate.evaluate(
              of("/ws?token=a&token=b", "Host", "evil.example.com", "Origin", "https://evil.test"));
      Decision.Rejected r = rejected(d, Failure.BAD_REQUEST);
      assertThat(r.safeMessage()).isEqualTo("no tenant serves this request");
      assertThat(r.tenant()).isEmpty();
      assertThat(verifier.calls()).isEmpty();
    }

    @Test
    void origin_notAllowed_rejectsBeforeExtraction() {
      RecordingTokenVerifier verifier = RecordingTokenVerifier.accepting();
      Decision d =
          gate(verifier)
              .evaluate(of("/ws?token=" + TOKEN + "&token=x", "Origin", "https://evil.test"));
      Decision.Rejected r = rejected(d, Failure.ORIGIN_NOT_ALLOWED);
      assertThat(r.safeMessage()).isEqualTo("origin 'https://evil.test' is not allowed");
      assertThat(r.tenant()).isEqualTo("default");
      assertThat(r.tokenFingerprint()).isEmpty();
      assertThat(verifier.calls()).isEmpty();
    }

    @Test
    void extract_differentTokensFromTwoSources_isAmbiguousAndNeverVerified() {
      RecordingTokenVerifier verifier = RecordingTokenVerifier.accepting();
      Decision d =
          gate(verifier)
              .evaluate(
                  of(
                      "/ws?token=" + TOKEN,
                      "Origin",
                      APP,
                      "Sec-WebSocket-Protocol",
                      "app.v1, bearer." + OTHER_TOKEN));
      rejected(d, Failure.AMBIGUOUS_TOKEN);
      assertThat(verifier.calls()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.wsgate.gate.HandshakeGateTest#twoSources")
    void extract_differentTokensFromAnyTwoSources_isAmbiguous(
        String sources, String target, String[] headers) {
      RecordingTokenVerifier verifier = RecordingTokenVerifier.accepting();
      rejected(gate(verifier).evaluate(of(target, headers)), Failure.AMBIGUOUS_TOKEN);
      assertThat(verifier.calls()).isEmpty();
    }

    @Test
    void extract_tokenInSourceNotConfigured_isIgnored() {
      RecordingTokenVerifier verifier = RecordingTokenVerifier.accepting();
      HandshakeGate queryOnly =
          HandshakeGate.builder()
              .tenant(
                  new TenantPolicy(
                      "default",
                      OriginPolicy.of(List.of(APP), false),
                      List.of(TokenExtractors.query("token")),
                      verifier,
                      List.of(),
                      8192,
                      Duration.ZERO))
              .clock(CLOCK)
              .build();
      Decision d =
          queryOnly.evaluate(
              of(
                  "/ws?token=" + TOKEN,
                  "Origin",
                  APP,
                  "Cookie",
                  "wsgate_token=" + OTHER_TOKEN,
                  "Authorization",
                  "Bearer " + OTHER_TOKEN));
      accepted(d);
      assertThat(verifier.tokens()).containsExactly(TOKEN);
    }

    @Test
    void extract_noToken_isMissingToken() {
      RecordingTokenVerifier verifier = RecordingTokenVerifier.accepting();
      rejected(gate(verifier).evaluate(of("/ws", "Origin", APP)), Failure.MISSING_TOKEN);
      assertThat(verifier.calls()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100, 100_000})
    void size_tokenOverMaxBytes_isRejectedWithoutCallingVerifier(int over) {
      RecordingTokenVerifier verifier = RecordingTokenVerifier.accepting();
      String token = "a".repeat(TenantPolicy.DEFAULT_MAX_TOKEN_BYTES + over);
      Decision.Rejected r =
          rejected(
              gate(verifier).evaluate(of("/ws?token=" + token, "Origin", APP)),
              Failure.TOKEN_TOO_LARGE);
      assertThat(r.safeMessage()).isEqualTo("token from query exceeds 8192 bytes");
      assertThat(verifier.calls()).isEmpty();
    }

    @Test
    void size_countsUtf8BytesNotChars() {
      RecordingTokenVerifier verifier = RecordingTokenVerifier.accepting();
      HandshakeGate gate =
          HandshakeGate.builder().tenant(tenant("default", verifier, false, 16)).build();
      // 9 two-byte characters: 9 chars, 18 bytes
      Decision d = gate.evaluate(of("/ws?token=" + "%C3%A9".repeat(9), "Origin", APP));
      rejected(d, Failure.TOKEN_TOO_LARGE);
      assertThat(verifier.calls()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a%20b", "a%09b", "%C3%A9t%C3%A9", "a%00b", "a%7Fb"})
    void extract_tokenOutsidePrintableAscii_isMalformedBeforeVerify(String encoded) {
      RecordingTokenVerifier verifier = RecordingTokenVerifier.accepting();
      Decision d = gate(verifier).evaluate(of("/ws?token=" + encoded, "Origin", APP));
      rejected(d, Failure.MALFORMED_TOKEN);
      assertThat(verifier.calls()).isEmpty();
    }

    @Test
    void verify_rejection_keepsVerifierFailureMessageAndFingerprint() {
      RecordingTokenVerifier verifier =
          RecordingTokenVerifier.answering(
              (t, c) -> {
                throw new AuthenticationException(Failure.WRONG_AUDIENCE, "audience is not my-api");
              });
      Decision.Rejected r =
          rejected(
              gate(verifier).evaluate(of("/ws?token=" + TOKEN, "Origin", APP)),
              Failure.WRONG_AUDIENCE);
      assertThat(r.safeMessage()).isEqualTo("audience is not my-api");
      assertThat(r.tokenFingerprint()).isEqualTo(Redaction.fingerprint(TOKEN));
      assertThat(r.tenant()).isEqualTo("default");
    }

    @Test
    void verify_rejectionMessageQuotingTheToken_isReplacedByTheFailurePhrase() {
      RecordingTokenVerifier verifier =
          RecordingTokenVerifier.answering(
              (t, c) -> {
                throw new AuthenticationException(
                    Failure.INVALID_SIGNATURE, "bad token '" + t + "'");
              });
      Decision.Rejected r =
          rejected(
              gate(verifier).evaluate(of("/ws?token=" + TOKEN, "Origin", APP)),
              Failure.INVALID_SIGNATURE);
      assertThat(r.safeMessage()).isEqualTo(Failure.INVALID_SIGNATURE.logReason());
    }

    @Test
    void decide_verifiedTokenExpiredBeyondSkew_isExpired() {
      RecordingTokenVerifier verifier =
          RecordingTokenVerifier.answering(
              (t, c) ->
                  VerifiedToken.builder("recording", "user")
                      .expiresAt(NOW.minus(Duration.ofSeconds(30)))
                      .build());
      rejected(gate(verifier).evaluate(of("/ws?token=" + TOKEN, "Origin", APP)), Failure.EXPIRED);
    }

    @Test
    void decide_verifiedTokenExpiredWithinSkew_accepts() {
      RecordingTokenVerifier verifier =
          RecordingTokenVerifier.answering(
              (t, c) ->
                  VerifiedToken.builder("recording", "user")
                      .expiresAt(NOW.minus(Duration.ofSeconds(29)))
                      .build());
      accepted(gate(verifier).evaluate(of("/ws?token=" + TOKEN, "Origin", APP)));
    }
  }

  @Nested
  final class Origins {

    @ParameterizedTest
    @ValueSource(strings = {"null", "https://evil.test", "https://app.example.com.evil.test", ""})
    void evaluate_disallowedOrigin_isOriginNotAllowed(String origin) {
      RecordingTokenVerifier verifier = RecordingTokenVerifier.accepting();
      rejected(
          gate(verifier).evaluate(of("/ws?token=" + TOKEN, "Origin", origin)),
          Failure.ORIGIN_NOT_ALLOWED);
      assertThat(verifier.calls()).isEmpty();
    }

    @Test
    void evaluate_twoOriginHeaders_isBadRequest() {
      Decision d =
          gate(RecordingTokenVerifier.accepting())
              .evaluate(of("/ws?token=" + TOKEN, "Origin", APP, "Origin", "https://evil.test"));
      rejected(d, Failure.BAD_REQUEST);
    }

    @Test
    void evaluate_originsJoinedBySemicolon_isBadRequest() {
      Decision d =
          gate(RecordingTokenVerifier.accepting())
              .evaluate(of("/ws?token=" + TOKEN, "Origin", APP + "; https://evil.test"));
      rejected(d, Failure.BAD_REQUEST);
    }

    @Test
    void evaluate_missingOriginWithoutAllowMissing_isRejectedEvenForHeaderToken() {
      RecordingTokenVerifier verifier = RecordingTokenVerifier.accepting();
      Decision d = gate(verifier).evaluate(of("/ws", "Authorization", "Bearer " + TOKEN));
      Decision.Rejected r = rejected(d, Failure.ORIGIN_NOT_ALLOWED);
      assertThat(r.safeMessage()).isEqualTo("the Origin header is missing");
      assertThat(verifier.calls()).isEmpty();
    }

    @Test
    void evaluate_missingOriginWithAllowMissingAndHeaderToken_accepts() {
      RecordingTokenVerifier verifier = RecordingTokenVerifier.accepting();
      Decision d = gate(verifier, true).evaluate(of("/ws", "Authorization", "Bearer " + TOKEN));
      assertThat(accepted(d).origin()).isEmpty();
      assertThat(verifier.calls().get(0).context().origin()).isEmpty();
    }

    @Test
    void evaluate_missingOriginWithAllowMissingAndQueryToken_isRejectedUnverified() {
      RecordingTokenVerifier verifier = RecordingTokenVerifier.accepting();
      Decision.Rejected r =
          rejected(
              gate(verifier, true).evaluate(of("/ws?token=" + TOKEN)), Failure.ORIGIN_NOT_ALLOWED);
      assertThat(r.safeMessage()).contains("only an Authorization header token may omit it");
      assertThat(r.tokenFingerprint()).isEqualTo(Redaction.fingerprint(TOKEN));
      assertThat(verifier.calls()).isEmpty();
    }

    @Test
    void evaluate_missingOriginWithAllowMissingAndCookieToken_isRejected() {
      RecordingTokenVerifier verifier = RecordingTokenVerifier.accepting();
      Decision d = gate(verifier, true).evaluate(of("/ws", "Cookie", "wsgate_token=" + TOKEN));
      rejected(d, Failure.ORIGIN_NOT_ALLOWED);
      assertThat(verifier.calls()).isEmpty();
    }

    @Test
    void evaluate_allowMissingButOriginPresentAndWrong_isRejected() {
      Decision d =
          gate(RecordingTokenVerifier.accepting(), true)
              .evaluate(
                  of("/ws", "Origin", "https://evil.test", "Authorization", "Bearer " + TOKEN));
      rejected(d, Failure.ORIGIN_NOT_ALLOWED);
    }
  }

  @Nested
  final class Subprotocols {

    @Test
    void evaluate_tokenEntryBesideApplicationProtocol_echoesOnlyTheApplicationProtocol() {
      RecordingTokenVerifier verifier = RecordingTokenVerifier.accepting();
      Decision d =
          gate(verifier)
              .evaluate(
                  of(
                      "/ws",
                      "Origin",
                      APP,
                      "Sec-WebSocket-Protocol",
                      "bearer." + TOKEN + ", app.v1"));
      assertThat(accepted(d).subprotocol()).hasValue("app.v1");
      assertThat(verifier.tokens()).containsExactly(TOKEN);
    }

    @Test
    void evaluate_severalApplicationProtocols_choosesTheSupportedOne() {
      Decision d =
          gate(RecordingTokenVerifier.accepting())
              .evaluate(
                  of(
                      "/ws?token=" + TOKEN,
                      "Origin",
                      APP,
                      "Sec-WebSocket-Protocol",
                      "chat, app.v1"));
      assertThat(accepted(d).subprotocol()).hasValue("app.v1");
    }

    @Test
    void evaluate_bearerOnlyOffer_isBadRequestNamingTheFix() {
      RecordingTokenVerifier verifier = RecordingTokenVerifier.accepting();
      Decision d =
          gate(verifier)
              .evaluate(of("/ws", "Origin", APP, "Sec-WebSocket-Protocol", "bearer." + TOKEN));
      Decision.Rejected r = rejected(d, Failure.BAD_REQUEST);
      assertThat(r.safeMessage()).contains("offer an application subprotocol (such as app.v1)");
      assertThat(verifier.calls()).isEmpty();
    }

    @Test
    void evaluate_base64urlOnlyOffer_isBadRequest() {
      Decision d =
          gate(RecordingTokenVerifier.accepting())
              .evaluate(
                  of("/ws", "Origin", APP, "Sec-WebSocket-Protocol", "base64url.bearer.YWJj"));
      rejected(d, Failure.BAD_REQUEST);
    }

    @Test
    void evaluate_unsupportedApplicationProtocol_isBadRequestListingSupported() {
      Decision d =
          gate(RecordingTokenVerifier.accepting())
              .evaluate(
                  of("/ws", "Origin", APP, "Sec-WebSocket-Protocol", "chat, bearer." + TOKEN));
      Decision.Rejected r = rejected(d, Failure.BAD_REQUEST);
      assertThat(r.safeMessage()).endsWith("supported: [app.v1]");
    }
  }

  @Nested
  final class NeverThrows {

    @Test
    void verifierThrowingRuntimeException_isInternalErrorWithoutItsMessage() {
      RecordingTokenVerifier verifier =
          RecordingTokenVerifier.answering(
              (t, c) -> {
                throw new IllegalStateException("bad token " + t);
              });
      Decision.Rejected r =
          rejected(
              gate(verifier).evaluate(of("/ws?token=" + TOKEN, "Origin", APP)),
              Failure.INTERNAL_ERROR);
      assertThat(r.safeMessage()).isEqualTo(Failure.INTERNAL_ERROR.logReason());
      assertThat(r.tokenFingerprint()).isEqualTo(Redaction.fingerprint(TOKEN));
    }

    @Test
    void verifierReturningNull_isInternalError() {
      RecordingTokenVerifier verifier = RecordingTokenVerifier.answering((t, c) -> null);
      rejected(
          gate(verifier).evaluate(of("/ws?token=" + TOKEN, "Origin", APP)), Failure.INTERNAL_ERROR);
      assertThat(verifier.calls()).hasSize(1);
    }

    @Test
    void verifierThrowingCheckedExceptionSneakily_isInternalError() {
      RecordingTokenVerifier verifier =
          RecordingTokenVerifier.answering(
              (t, c) -> {
                throw new IOException("connection reset");
              });
      rejected(
          gate(verifier).evaluate(of("/ws?token=" + TOKEN, "Origin", APP)), Failure.INTERNAL_ERROR);
    }

    @Test
    void verifierThrowingAssertionError_isInternalError() {
      RecordingTokenVerifier verifier =
          RecordingTokenVerifier.answering(
              (t, c) -> {
                throw new AssertionError("unreachable");
              });
      rejected(
          gate(verifier).evaluate(of("/ws?token=" + TOKEN, "Origin", APP)), Failure.INTERNAL_ERROR);
    }

    @Test
    void verifierOverflowingStack_isInternalError() {
      RecordingTokenVerifier verifier =
          RecordingTokenVerifier.answering(
              (t, c) -> {
                throw new StackOverflowError();
              });
      rejected(
          gate(verifier).evaluate(of("/ws?token=" + TOKEN, "Origin", APP)), Failure.INTERNAL_ERROR);
    }

    @Test
    void customExtractorThrowing_isInternalError() {
      TokenExtractor broken =
          new TokenExtractor() {
            @Override
            public String name() {
              return "broken";
            }

            @Override
            public Optional<String> extract(HandshakeRequest request) {
              throw new IllegalStateException("broken extractor");
            }
          };
      HandshakeGate gate =
          HandshakeGate.builder()
              .tenant(
                  new TenantPolicy(
                      "default",
                      OriginPolicy.of(List.of(APP), false),
                      List.of(broken),
                      RecordingTokenVerifier.accepting(),
                      List.of(),
                      8192,
                      Duration.ZERO))
              .build();
      rejected(gate.evaluate(of("/ws", "Origin", APP)), Failure.INTERNAL_ERROR);
    }

    @Test
    void resolverThrowing_isInternalErrorWithoutTenant() {
      HandshakeGate gate =
          HandshakeGate.builder()
              .tenant(tenant("default", RecordingTokenVerifier.accepting(), false, 8192))
              .resolver(
                  request -> {
                    throw new IllegalStateException("resolver bug");
                  })
              .build();
      Decision.Rejected r =
          rejected(gate.evaluate(of("/ws?token=" + TOKEN, "Origin", APP)), Failure.INTERNAL_ERROR);
      assertThat(r.tenant()).isEmpty();
    }

    @Test
    void nullRequest_isInternalError() {
      rejected(gate(RecordingTokenVerifier.accepting()).evaluate(null), Failure.INTERNAL_ERROR);
    }
  }

  @Nested
  final class Tenants {

    @Test
    void evaluate_twoTenantsByHost_eachUsesItsOwnVerifier() {
      RecordingTokenVerifier acme = RecordingTokenVerifier.accepting();
      RecordingTokenVerifier globex = RecordingTokenVerifier.accepting();
      HandshakeGate gate =
          HandshakeGate.builder()
              .tenant(tenant("acme", acme, false, 8192))
              .tenant(tenant("globex", globex, false, 8192))
              .resolver(
                  TenantResolver.byHost(
                      Map.of("acme.example.com", "acme", "globex.example.com", "globex")))
              .clock(CLOCK)
              .build();
      Decision d =
          gate.evaluate(of("/ws?token=" + TOKEN, "Host", "GLOBEX.example.com:8443", "Origin", APP));
      assertThat(accepted(d).tenant()).isEqualTo("globex");
      assertThat(accepted(d).token().tenant()).isEqualTo("globex");
      assertThat(globex.calls()).hasSize(1);
      assertThat(acme.calls()).isEmpty();
      assertThat(gate.tenants()).containsOnlyKeys("acme", "globex");
    }

    @Test
    void builder_duplicateTenant_throws() {
      TenantPolicy t = tenant("acme", RecordingTokenVerifier.accepting(), false, 8192);
      assertThatThrownBy(() -> HandshakeGate.builder().tenant(t).tenant(t))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("tenant acme is already set");
    }

    @Test
    void builder_resolverTwice_throws() {
      TenantResolver r = TenantResolver.single("acme");
      assertThatThrownBy(() -> HandshakeGate.builder().resolver(r).resolver(r))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("resolver is already set to");
    }

    @Test
    void builder_noTenant_throws() {
      assertThatThrownBy(() -> HandshakeGate.builder().build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("a gate needs at least one tenant");
    }

    @Test
    void builder_severalTenantsWithoutResolver_throws() {
      assertThatThrownBy(
              () ->
                  HandshakeGate.builder()
                      .tenant(tenant("a", RecordingTokenVerifier.accepting(), false, 8192))
                      .tenant(tenant("b", RecordingTokenVerifier.accepting(), false, 8192))
                      .build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("several tenants need a resolver");
    }
  }

  @Nested
  final class RevocationAndLimits {
    private HandshakeGate.Builder builder(TokenVerifier verifier) {
      return HandshakeGate.builder()
          .tenant(tenant("default", verifier, false, TenantPolicy.DEFAULT_MAX_TOKEN_BYTES))
          .clock(CLOCK);
    }

    @Test
    void evaluate_revokedSubject_rejectsWithRevoked() {
      DenyList deny = new DenyList();
      HandshakeGate gate =
          builder(RecordingTokenVerifier.accepting()).revocationCheck(deny).build();
      accepted(gate.evaluate(of("/ws?token=" + TOKEN, "Origin", APP)));
      deny.denySubject("default", "user", NOW.plusSeconds(60));
      // the verifier attaches no tenant: the gate attributes the token before asking the checks
      rejected(gate.evaluate(of("/ws?token=" + TOKEN, "Origin", APP)), Failure.REVOKED);
      VerifiedToken user = VerifiedToken.builder("p", "user").tenant("default").build();
      assertThat(gate.isRevoked(user, NOW)).isTrue();
      assertThat(gate.isRevoked(user, NOW.plusSeconds(60))).isFalse();
      assertThat(gate.isRevoked(user.withTenant("other"), NOW)).as("another tenant").isFalse();
    }

    @Test
    void evaluate_revocationCheckThrows_failsClosed() {
      HandshakeGate gate =
          builder(RecordingTokenVerifier.accepting())
              .revocationCheck(
                  (token, now) -> {
                    throw new IllegalStateException("store down");
                  })
              .build();
      rejected(gate.evaluate(of("/ws?token=" + TOKEN, "Origin", APP)), Failure.REVOKED);
    }

    @Test
    void evaluate_failuresOverBudget_rateLimitedBeforeVerification() {
      RecordingTokenVerifier verifier = RecordingTokenVerifier.accepting();
      FailureRateLimiter limiter = new FailureRateLimiter(3, 60, 100, CLOCK);
      HandshakeGate gate = builder(verifier).failureLimiter(limiter).build();
      for (int i = 0; i < 3; i++) {
        rejected(gate.evaluate(of("/ws?token=a%00b", "Origin", APP)), Failure.MALFORMED_TOKEN);
      }
      Decision.Rejected limited =
          rejected(gate.evaluate(of("/ws?token=" + TOKEN, "Origin", APP)), Failure.RATE_LIMITED);
      assertThat(limited.safeMessage()).contains("retry after 1 s");
      assertThat(limited.refusal().retryAfterSeconds()).isEqualTo(1);
      assertThat(verifier.calls()).as("a limited address is not verified").isEmpty();
      accepted(
          gate.evaluate(
              HandshakeRequest.of(
                  "/ws?token=" + TOKEN, HandshakeRequests.headers("Origin", APP), "198.51.100.1")));
    }

    @Test
    void evaluate_refusalsWellBehavedClientsHit_doNotUseTheBudget() {
      RecordingTokenVerifier verifier =
          RecordingTokenVerifier.answering(
              (t, c) -> {
                if (t.equals(TOKEN)) {
                  return VerifiedToken.builder("test", "user").build();
                }
                throw new AuthenticationException(Failure.EXPIRED, "token expired");
              });
      HandshakeGate gate =
          builder(verifier).failureLimiter(new FailureRateLimiter(1, 60, 100, CLOCK)).build();
      for (int i = 0; i < 5; i++) {
        rejected(gate.evaluate(of("/ws?token=" + OTHER_TOKEN, "Origin", APP)), Failure.EXPIRED);
        rejected(
            gate.evaluate(of("/ws?token=" + TOKEN, "Origin", "https://evil.example")),
            Failure.ORIGIN_NOT_ALLOWED);
        rejected(gate.evaluate(of("/ws", "Origin", APP)), Failure.MISSING_TOKEN);
      }

      accepted(gate.evaluate(of("/ws?token=" + TOKEN, "Origin", APP)));
    }

    @Test
    void evaluate_successesAndServerErrors_doNotUseTheBudget() {
      FailureRateLimiter limiter = new FailureRateLimiter(1, 60, 100, CLOCK);
      HandshakeGate ok =
          builder(RecordingTokenVerifier.accepting()).failureLimiter(limiter).build();
      for (int i = 0; i < 10; i++) {
        accepted(ok.evaluate(of("/ws?token=" + TOKEN, "Origin", APP)));
      }
      HandshakeGate down =
          HandshakeGate.builder()
              .tenant(
                  tenant(
                      "default",
                      RecordingTokenVerifier.answering(
                          (t, c) -> {
                            throw new AuthenticationException(Failure.PROVIDER_UNAVAILABLE, "down");
                          }),
                      false,
                      TenantPolicy.DEFAULT_MAX_TOKEN_BYTES))
              .clock(CLOCK)
              .failureLimiter(new FailureRateLimiter(1, 60, 100, CLOCK))
              .build();
      for (int i = 0; i < 5; i++) {
        rejected(
            down.evaluate(of("/ws?token=" + TOKEN, "Origin", APP)), Failure.PROVIDER_UNAVAILABLE);
      }
    }
  }

  @Nested
  final class ByIssuer {
    private String jwtFrom(String issuer) {
      java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
      return "eyJhbGciOiJIUzI1NiJ9."
          + b64.encodeToString(
              ("{\"iss\":\"" + issuer + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8))
          + ".c2ln";
    }

    @Test
    void evaluate_issuerResolver_routesToThatTenantsVerifier_unknownIs401() {
      RecordingTokenVerifier a = RecordingTokenVerifier.accepting();
      RecordingTokenVerifier b = RecordingTokenVerifier.accepting();
      HandshakeGate gate =
          HandshakeGate.builder()
              .tenant(tenant("a", a, false, TenantPolicy.DEFAULT_MAX_TOKEN_BYTES))
              .tenant(tenant("b", b, false, TenantPolicy.DEFAULT_MAX_TOKEN_BYTES))
              .resolver(
                  TenantResolver.byIssuer(
                      Map.of("https://a.example", "a", "https://b.example", "b"),
                      List.of(TokenExtractors.query("token"))))
              .clock(CLOCK)
              .build();
      assertThat(
              accepted(
                      gate.evaluate(of("/ws?token=" + jwtFrom("https://b.example"), "Origin", APP)))
                  .tenant())
          .isEqualTo("b");
      assertThat(a.calls()).isEmpty();
      assertThat(b.calls()).hasSize(1);
      rejected(
          gate.evaluate(of("/ws?token=" + jwtFrom("https://evil.example"), "Origin", APP)),
          Failure.WRONG_ISSUER);
      rejected(gate.evaluate(of("/ws", "Origin", APP)), Failure.MISSING_TOKEN);
      rejected(gate.evaluate(of("/ws?token=opaque", "Origin", APP)), Failure.WRONG_ISSUER);
    }
  }
}
