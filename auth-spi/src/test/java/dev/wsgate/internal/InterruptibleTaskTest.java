package dev.wsgate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class InterruptibleTaskTest {
  private final ExecutorService pool = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void submit_completesWithTheResultOrTheException() throws Exception {
    assertThat(InterruptibleTask.submit(() -> "ok", pool).get(5, TimeUnit.SECONDS)).isEqualTo("ok");
    CompletableFuture<Object> failed =
        InterruptibleTask.submit(
            () -> {
              throw new IllegalStateException("no");
            },
            pool);
    assertThat(failed)
        .failsWithin(5, TimeUnit.SECONDS)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void cancel_whileRunning_interruptsTheThread_andTheNextTaskIsNotInterrupted() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    CompletableFuture<String> task =
        InterruptibleTask.submit(
            () -> {
              started.countDown();
              try {
                new CountDownLatch(1).await();
              } catch (InterruptedException e) {
                interrupted.countDown();
              }
              return "late";
            },
            pool);
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

    assertThat(task.cancel(true)).isTrue();
    assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(InterruptibleTask.submit(() -> Thread.currentThread().isInterrupted(), pool).get())
        .isFalse();
  }

  @Test
  void cancel_beforeItStarts_neverRuns() throws Exception {
    CountDownLatch hold = new CountDownLatch(1);
    pool.execute(
        () -> {
          try {
            hold.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    AtomicBoolean ran = new AtomicBoolean();
    CompletableFuture<Boolean> queued = InterruptibleTask.submit(() -> ran.getAndSet(true), pool);

    queued.cancel(true);
    hold.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    assertThat(ran).isFalse();
  }

  @Test
  void submit_rejected_completesExceptionallyWithoutThrowing() {
    CompletableFuture<String> f =
        InterruptibleTask.submit(
            () -> "x",
            r -> {
              throw new RejectedExecutionException("full");
            });
    assertThat(f).isCompletedExceptionally();
  }
}
