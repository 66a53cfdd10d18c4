package dev.wsgate.internal.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class VerificationsTest {

  @Test
  void then_keysAtHand_runsOnTheCallingThread() {
    Thread caller = Thread.currentThread();
    CompletableFuture<Thread> ran =
        Verifications.then(CompletableFuture.completedFuture("k"), k -> Thread.currentThread());
    assertThat(ran).isCompletedWithValue(caller);
  }

  @Test
  void then_stepRejects_theAuthenticationExceptionItself() {
    AuthenticationException expired = new AuthenticationException(Failure.EXPIRED);
    CompletableFuture<String> keys = new CompletableFuture<>();
    CompletableFuture<Object> out =
        Verifications.then(
            keys,
            k -> {
              throw expired;
            });
    keys.complete("k");
    assertThatThrownBy(() -> Verifications.await(out)).isSameAs(expired);
  }

  @Test
  void then_keysFail_failureReachesTheCallerUnwrapped() {
    AuthenticationException down = new AuthenticationException(Failure.PROVIDER_UNAVAILABLE);
    CompletableFuture<String> keys = new CompletableFuture<>();
    CompletableFuture<String> out = Verifications.then(keys.thenApply(k -> k), k -> k);
    keys.completeExceptionally(down);
    assertThatThrownBy(() -> Verifications.await(out)).isSameAs(down);
  }

  @Test
  void await_runtimeException_rethrownAsItIs() {
    IllegalStateException bug = new IllegalStateException("bug");
    assertThatThrownBy(() -> Verifications.await(CompletableFuture.failedFuture(bug)))
        .isSameAs(bug);
  }

  @Test
  void await_interrupted_providerUnavailableAndStillInterrupted() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> Verifications.await(new CompletableFuture<>()))
          .isInstanceOfSatisfying(
              AuthenticationException.class,
              e -> assertThat(e.failure()).isEqualTo(Failure.PROVIDER_UNAVAILABLE));
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void thenOn_cancelled_interruptsTheBlockingStep() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch interrupted = new CountDownLatch(1);
      CompletableFuture<String> out =
          Verifications.thenOn(
              CompletableFuture.completedFuture("k"),
              k -> {
                started.countDown();
                try {
                  Thread.sleep(30_000);
                } catch (InterruptedException e) {
                  interrupted.countDown();
                }
                return k;
              },
              pool);
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      out.cancel(true);
      assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }
}
