package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.HandshakeRequest;
import dev.wsgate.gate.Headers;
import dev.wsgate.gate.TenantResolver;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import dev.wsgate.testkit.FakeTokenVerifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Where {@link GuardedGate} runs an evaluation, and each tenant's share of the verify pool. */
final class GuardedGateTest {
  private static final int THREADS = 4;

  /** The fake verifier, except that the token {@code slow} waits until released. */
  private static final class Holding implements TokenVerifier {
    final Semaphore entered = new Semaphore(0);
    final CountDownLatch release = new CountDownLatch(1);
    final boolean mayBlock;
    private final FakeTokenVerifier fake = new FakeTokenVerifier();

    Holding(boolean mayBlock) {
      this.mayBlock = mayBlock;
    }

    @Override
    public VerifiedToken verify(String token, VerificationContext context)
        throws AuthenticationException {
      if (token.equals("slow")) {
        entered.release();
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new AuthenticationException(Failure.UNKNOWN_KEY);
      }
      return fake.verify(token, context);
    }

    @Override
    public boolean mayBlock() {
      return mayBlock;
    }
  }

  private static HandshakeGate gate(TokenVerifier a, TokenVerifier b) {
    return HandshakeGate.builder()
        .tenant(TestServer.queryTenant("a", a))
        .tenant(TestServer.queryTenant("b", b))
        .resolver(TenantResolver.byPathPrefix(Map.of("/a", "a", "/b", "b")))
        .build();
  }

  private static HandshakeRequest request(String tenant, String token) {
    return HandshakeRequest.of(
        "/" + tenant + "/ws?token=" + token,
        Headers.builder().add("Origin", TestServer.ORIGIN).build(),
        "127.0.0.1");
  }

  private static String valid() {
    return FakeTokenVerifier.token("ann", Instant.now().plusSeconds(600));
  }

  @Test
  void tenantShare_oneTenantMayBlock_wholePoolWithItsQueue() {
    assertThat(GuardedGate.tenantShare(16, 1)).isEqualTo(80);
    assertThat(GuardedGate.tenantShare(16, 2)).isEqualTo(8);
    assertThat(GuardedGate.tenantShare(1, 3)).isEqualTo(1);
  }

  @Test
  void evaluate_tenantOverItsShare_503AtOnceWhileAnotherTenantIsVerified() throws Exception {
    Holding a = new Holding(true);
    Holding b = new Holding(true);
    int share = GuardedGate.tenantShare(THREADS, 2);
    ExecutorService callers = Executors.newFixedThreadPool(share);
    try (GuardedGate guarded = new GuardedGate(gate(a, b), Duration.ofSeconds(60), THREADS)) {
      List<Future<Decision>> waiting = new ArrayList<>();
      for (int i = 0; i < share; i++) {
        waiting.add(callers.submit(() -> guarded.evaluate(request("a", "slow"))));
      }
      assertThat(a.entered.tryAcquire(share, 10, TimeUnit.SECONDS)).isTrue();
      assertThat(guarded.inFlight("a")).isEqualTo(share);

      Decision over = guarded.evaluate(request("a", valid()));
      assertThat(over).isInstanceOf(Decision.Rejected.class);
      assertThat(((Decision.Rejected) over).failure()).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
      assertThat(((Decision.Rejected) over).safeMessage()).contains("retry later");
      assertThat(((Decision.Rejected) over).tenant()).isEqualTo("a");
      assertThat(guarded.evaluate(request("b", valid()))).isInstanceOf(Decision.Accepted.class);

      a.release.countDown();
      for (Future<Decision> f : waiting) {
        assertThat(((Decision.Rejected) f.get(10, TimeUnit.SECONDS)).failure())
            .isEqualTo(Failure.UNKNOWN_KEY);
      }
      assertThat(guarded.inFlight("a")).isZero();
      assertThat(guarded.evaluate(request("a", valid()))).isInstanceOf(Decision.Accepted.class);
    } finally {
      a.release.countDown();
      callers.shutdownNow();
    }
  }

  @Test
  void evaluate_verifierThatDoesNotBlock_runsOnTheCallingThread() throws Exception {
    String[] thread = new String[1];
    TokenVerifier recording =
        new TokenVerifier() {
          private final FakeTokenVerifier fake = new FakeTokenVerifier();

          @Override
          public VerifiedToken verify(String token, VerificationContext context)
              throws AuthenticationException {
            thread[0] = Thread.currentThread().getName();
            return fake.verify(token, context);
          }

          @Override
          public boolean mayBlock() {
            return false;
          }
        };
    try (GuardedGate guarded =
        new GuardedGate(gate(recording, new Holding(true)), Duration.ofSeconds(5), THREADS)) {
      assertThat(guarded.evaluate(request("a", valid()))).isInstanceOf(Decision.Accepted.class);
      assertThat(thread[0]).isEqualTo(Thread.currentThread().getName());
      assertThat(guarded.inline("a")).isTrue();
      assertThat(guarded.inline("b")).isFalse();
      assertThat(guarded.handoff()).isNotNull();

      VerifiedToken refreshed =
          guarded.verify(
              recording, valid(), VerificationContext.of("a", TestServer.ORIGIN, Instant.now()));
      assertThat(refreshed.subject()).isEqualTo("ann");
    }
  }

  @Test
  void verify_timeoutZero_runsOnTheCallingThread() throws Exception {
    Holding blocking = new Holding(true);
    try (GuardedGate guarded = new GuardedGate(gate(blocking, blocking), Duration.ZERO, THREADS)) {
      assertThat(guarded.handoff()).isNull();
      VerifiedToken t =
          guarded.verify(
              blocking, valid(), VerificationContext.of("a", TestServer.ORIGIN, Instant.now()));
      assertThat(t.subject()).isEqualTo("ann");
    }
  }

  @Test
  void noTenantMayBlock_noPoolAndNoHandOff() {
    try (GuardedGate guarded =
        new GuardedGate(
            gate(new Holding(false), new Holding(false)), Duration.ofSeconds(5), THREADS)) {
      assertThat(guarded.handoff()).isNull();
      assertThat(guarded.inline("a")).isTrue();
      assertThat(guarded.evaluate(request("b", valid()))).isInstanceOf(Decision.Accepted.class);
    }
  }
}
