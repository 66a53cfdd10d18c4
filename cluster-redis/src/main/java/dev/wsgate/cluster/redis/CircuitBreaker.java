package dev.wsgate.cluster.redis;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Keeps calls away from Redis after {@code threshold} consecutive failures, for {@code openFor}.
 * After that time the next call is let through as a probe: a success closes the breaker, a failure
 * opens it again. Thread-safe.
 */
final class CircuitBreaker {
  private final int threshold;
  private final long openForNanos;
  private final LongSupplier nanoTime;
  private int consecutiveFailures;
  private long openUntil;
  private boolean open;

  CircuitBreaker(int threshold, Duration openFor, LongSupplier nanoTime) {
    this.threshold = threshold;
    this.openForNanos = openFor.toNanos();
    this.nanoTime = nanoTime;
  }

  /** Whether a call may go to Redis now. */
  synchronized boolean allows() {
    return !open || nanoTime.getAsLong() - openUntil >= 0;
  }

  /** Whether the breaker is open and its time has not run out. */
  synchronized boolean isOpen() {
    return !allows();
  }

  synchronized void success() {
    consecutiveFailures = 0;
    open = false;
  }

  synchronized void failure() {
    consecutiveFailures++;
    if (open || consecutiveFailures >= threshold) {
      open = true;
      openUntil = nanoTime.getAsLong() + openForNanos;
    }
  }
}
