package dev.wsgate.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A {@link CompletableFuture} that runs a {@link Callable} on an executor and interrupts the thread
 * running it when cancelled ({@code CompletableFuture.supplyAsync} cannot): a verification that
 * outlives its timeout gets its thread back. A task that is cancelled before it starts never runs.
 */
public final class InterruptibleTask<T> extends CompletableFuture<T> implements Runnable {
  private final Callable<T> work;
  private Thread runner; // guarded by this

  private InterruptibleTask(Callable<T> work) {
    this.work = work;
  }

  /**
   * Runs {@code work} on {@code executor}. A rejected task completes the future exceptionally with
   * the {@link RejectedExecutionException}; nothing is thrown.
   */
  public static <T> CompletableFuture<T> submit(Callable<T> work, Executor executor) {
    InterruptibleTask<T> task = new InterruptibleTask<>(work);
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      task.completeExceptionally(e);
    }
    return task;
  }

  @Override
  public void run() {
    synchronized (this) {
      if (isDone()) {
        return;
      }
      runner = Thread.currentThread();
    }
    try {
      complete(work.call());
    } catch (Throwable t) {
      completeExceptionally(t);
    } finally {
      synchronized (this) {
        runner = null;
        Thread.interrupted(); // an interrupt meant for this task must not reach the next one
      }
    }
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled && mayInterruptIfRunning) {
      synchronized (this) {
        if (runner != null) {
          runner.interrupt();
        }
      }
    }
    return cancelled;
  }
}
