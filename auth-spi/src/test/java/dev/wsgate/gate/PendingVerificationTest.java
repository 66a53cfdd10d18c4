package dev.wsgate.gate;

import static dev.wsgate.testkit.HandshakeRequests.of;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import dev.wsgate.testkit.RecordingTokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class PendingVerificationTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String APP = "https://app.example.com";
  private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2ln";
  private static final Executor NO_THREADS =
      task -> {
        throw new AssertionError("an asynchronous verifier needs no executor thread");
      };

  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  /** A verifier whose verifyAsync is {@code answer}; verify is never called. */
  private static TokenVerifier async(AsyncAnswer answer) {
    return new TokenVerifier() {
      @Override
      public VerifiedToken verify(String token, VerificationContext context) {
        throw new AssertionError("the gate calls verifyAsync for a verifier that may block");
      }

      @Override
      public CompletionStage<VerifiedToken> verifyAsync(
          String token, VerificationContext context, Executor executor) {
        return answer.answer(token, context);
      }
    };
  }

  @FunctionalInterface
  interface AsyncAnswer {
    CompletionStage<VerifiedToken> answer(String token, VerificationContext context);
  }

  private static HandshakeGate gate(TokenVerifier verifier, Consumer<HandshakeGate.Builder> more) {
    HandshakeGate.Builder b =
        HandshakeGate.builder()
            .tenant(
                new TenantPolicy(
                    "default",
                    OriginPolicy.of(List.of(APP), false),
                    List.of(TokenExtractors.query("token")),
                    verifier,
                    List.of(),
                    TenantPolicy.DEFAULT_MAX_TOKEN_BYTES,
                    Duration.ofSeconds(30)))
            .clock(CLOCK);
    more.accept(b);
    return b.build();
  }

  private static PendingVerification pending(HandshakeGate gate) {
    Evaluation e = gate.begin(of("/ws?token=" + TOKEN, "Origin", APP));
    assertThat(e).isInstanceOf(PendingVerification.class);
    return (PendingVerification) e;
  }

  private static Decision await(CompletionStage<Decision> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Decision.Rejected rejected(Decision d, Failure failure) {
    assertThat(d).isInstanceOf(Decision.Rejected.class);
    Decision.Rejected r = (Decision.Rejected) d;
    assertThat(r.failure()).as(r.safeMessage()).isEqualTo(failure);
    assertThat(r.safeMessage()).doesNotContain(TOKEN);
    return r;
  }

  private static VerifiedToken user(VerificationContext context) {
    return VerifiedToken.builder("test", "user").expiresAt(context.now().plusSeconds(600)).build();
  }

  @Test
  void verify_completedLaterFromAnotherThread_acceptsWithoutAnExecutorThread() throws Exception {
    CompletableFuture<VerifiedToken> keys = new CompletableFuture<>();
    HandshakeGate gate = gate(async((t, c) -> keys.thenApply(ignored -> user(c))), b -> {});

    CompletionStage<Decision> stage = pending(gate).verify(NO_THREADS);
    assertThat(stage.toCompletableFuture()).isNotDone();
    threads.execute(() -> keys.complete(null));

    Decision.Accepted a = (Decision.Accepted) await(stage);
    assertThat(a.token().subject()).isEqualTo("user");
    assertThat(a.tenant()).isEqualTo("default");
  }

  @Test
  void verify_calledTwice_startsOneVerification() {
    CompletableFuture<VerifiedToken> never = new CompletableFuture<>();
    int[] calls = {0};
    PendingVerification p =
        pending(
            gate(
                async(
                    (t, c) -> {
                      calls[0]++;
                      return never;
                    }),
                b -> {}));

    assertThat(p.verify(NO_THREADS)).isSameAs(p.verify(NO_THREADS));
    assertThat(calls[0]).isEqualTo(1);
  }

  @Test
  void verify_pastTheTimeout_unavailableAndTheVerificationCancelled() throws Exception {
    CompletableFuture<VerifiedToken> never = new CompletableFuture<>();
    HandshakeGate gate = gate(async((t, c) -> never), b -> b.verifyTimeout(Duration.ofMillis(100)));

    Decision.Rejected r =
        rejected(await(pending(gate).verify(NO_THREADS)), Failure.PROVIDER_UNAVAILABLE);
    assertThat(r.safeMessage()).contains("timed out");
    assertThat(never).isCancelled();
  }

  @Test
  void verify_blockingVerifierPastTheTimeout_interruptsItsThread() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    RecordingTokenVerifier blocking =
        RecordingTokenVerifier.answering(
            (t, c) -> {
              try {
                new CountDownLatch(1).await();
              } catch (InterruptedException e) {
                interrupted.countDown();
              }
              return user(c);
            });
    HandshakeGate gate = gate(blocking, b -> b.verifyTimeout(Duration.ofMillis(100)));

    rejected(await(pending(gate).verify(threads)), Failure.PROVIDER_UNAVAILABLE);
    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void verify_tenantOverItsThreadShare_unavailableAtOnce_andTheShareReturns() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    RecordingTokenVerifier blocking =
        RecordingTokenVerifier.answering(
            (t, c) -> {
              release.await();
              return user(c);
            });
    HandshakeGate gate = gate(blocking, b -> b.tenantThreadShare(1));

    CompletionStage<Decision> first = pending(gate).verify(threads);
    Decision.Rejected second =
        rejected(await(pending(gate).verify(threads)), Failure.PROVIDER_UNAVAILABLE);
    assertThat(second.safeMessage()).contains("too many handshakes are waiting");
    release.countDown();
    assertThat(await(first)).isInstanceOf(Decision.Accepted.class);
    // the share is returned when the verifier's task ends, just after it completed the decision
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> await(pending(gate).verify(threads)) instanceof Decision.Accepted);
  }

  @Test
  void verify_tenantOverItsPendingLimit_unavailableAtOnce_untilOneEnds() throws Exception {
    CompletableFuture<VerifiedToken> keys = new CompletableFuture<>();
    HandshakeGate gate =
        gate(async((t, c) -> keys.thenApply(ignored -> user(c))), b -> b.maxPendingPerTenant(1));

    CompletionStage<Decision> first = pending(gate).verify(NO_THREADS);
    rejected(await(pending(gate).verify(NO_THREADS)), Failure.PROVIDER_UNAVAILABLE);
    keys.complete(null);
    assertThat(await(first)).isInstanceOf(Decision.Accepted.class);
    assertThat(await(pending(gate).verify(NO_THREADS))).isInstanceOf(Decision.Accepted.class);
  }

  @Test
  void verify_verifierMisbehaves_internalErrorNeverAnException() throws Exception {
    rejected(
        await(
            pending(
                    gate(
                        async(
                            (t, c) -> {
                              throw new IllegalStateException("boom");
                            }),
                        b -> {}))
                .verify(NO_THREADS)),
        Failure.INTERNAL_ERROR);
    rejected(
        await(pending(gate(async((t, c) -> null), b -> {})).verify(NO_THREADS)),
        Failure.INTERNAL_ERROR);
    rejected(
        await(
            pending(gate(async((t, c) -> CompletableFuture.completedFuture(null)), b -> {}))
                .verify(NO_THREADS)),
        Failure.INTERNAL_ERROR);
    rejected(
        await(
            pending(
                    gate(
                        async((t, c) -> CompletableFuture.failedFuture(new OutOfMemoryError())),
                        b -> {}))
                .verify(NO_THREADS)),
        Failure.INTERNAL_ERROR);
  }

  @Test
  void verify_failureMessageCarryingTheToken_isReplacedByTheTablesReason() throws Exception {
    HandshakeGate gate =
        gate(
            async(
                (t, c) ->
                    CompletableFuture.failedFuture(
                        new AuthenticationException(Failure.UNKNOWN_KEY, "no key for " + t))),
            b -> {});

    Decision.Rejected r = rejected(await(pending(gate).verify(NO_THREADS)), Failure.UNKNOWN_KEY);
    assertThat(r.safeMessage()).isEqualTo(Failure.UNKNOWN_KEY.logReason());
  }

  @Test
  void verify_expiredOrRevokedResult_stillRefusedByTheGate() throws Exception {
    HandshakeGate expired =
        gate(
            async(
                (t, c) ->
                    CompletableFuture.completedFuture(
                        VerifiedToken.builder("test", "user")
                            .expiresAt(NOW.minusSeconds(3600))
                            .build())),
            b -> {});
    rejected(await(pending(expired).verify(NO_THREADS)), Failure.EXPIRED);

    HandshakeGate revoked =
        gate(
            async((t, c) -> CompletableFuture.completedFuture(user(c))),
            b -> b.revocationCheck((token, now) -> token.subject().equals("user")));
    rejected(await(pending(revoked).verify(NO_THREADS)), Failure.REVOKED);
  }
}
