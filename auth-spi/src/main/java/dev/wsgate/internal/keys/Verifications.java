package dev.wsgate.internal.keys;

import dev.wsgate.internal.InterruptibleTask;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * The glue between a {@link KeySet} lookup and a verifier's {@code verifyAsync} and {@code verify}:
 * the rest of a verification runs when the keys are there, and its failure reaches the caller as
 * the {@link AuthenticationException} itself, not wrapped.
 */
public final class Verifications {
  private Verifications() {}

  /** The rest of a verification, given the keys. */
  @FunctionalInterface
  public interface Step<A, B> {
    B apply(A keys) throws AuthenticationException;
  }

  /**
   * {@code step} applied to the keys: at once on this thread when they are there, else on the
   * thread that completes {@code keys}. For steps that only compute.
   */
  public static <A, B> CompletableFuture<B> then(CompletableFuture<A> keys, Step<A, B> step) {
    CompletableFuture<B> out = new CompletableFuture<>();
    keys.whenComplete(
        (value, error) -> {
          if (error != null) {
            out.completeExceptionally(unwrap(error));
            return;
          }
          try {
            out.complete(step.apply(value));
          } catch (AuthenticationException | RuntimeException e) {
            out.completeExceptionally(e);
          }
        });
    return out;
  }

  /**
   * {@code step} applied to the keys on {@code executor}, interrupted if the result is cancelled:
   * for steps that block (a network call per token). A rejected task fails the result with the
   * {@link java.util.concurrent.RejectedExecutionException}.
   */
  public static <A, B> CompletableFuture<B> thenOn(
      CompletableFuture<A> keys, Step<A, B> step, Executor executor) {
    CompletableFuture<B> out = new CompletableFuture<>();
    keys.whenComplete(
        (value, error) -> {
          if (error != null) {
            out.completeExceptionally(unwrap(error));
            return;
          }
          CompletableFuture<B> task = InterruptibleTask.submit(() -> step.apply(value), executor);
          out.whenComplete(
              (r, e) -> {
                if (out.isCancelled()) {
                  task.cancel(true);
                }
              });
          task.whenComplete(
              (r, e) -> {
                if (e != null) {
                  out.completeExceptionally(unwrap(e));
                } else {
                  out.complete(r);
                }
              });
        });
    return out;
  }

  /**
   * Waits for a verification started with a direct executor: what a synchronous {@code verify}
   * returns or throws. A runtime exception of the verification is rethrown as it is.
   *
   * @throws AuthenticationException the verification's, or {@code PROVIDER_UNAVAILABLE} when the
   *     waiting thread is interrupted
   */
  public static <T> T await(CompletionStage<T> stage) throws AuthenticationException {
    try {
      return stage.toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuthenticationException(
          Failure.PROVIDER_UNAVAILABLE, "interrupted while waiting for signing keys");
    } catch (CancellationException e) {
      throw new AuthenticationException(Failure.PROVIDER_UNAVAILABLE, "verification cancelled");
    } catch (ExecutionException e) {
      Throwable cause = unwrap(e);
      if (cause instanceof AuthenticationException) {
        throw (AuthenticationException) cause;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new AuthenticationException(
          Failure.INTERNAL_ERROR, Failure.INTERNAL_ERROR.logReason(), cause);
    }
  }

  /** The exception inside a {@link CompletionException} or {@link ExecutionException}. */
  public static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
