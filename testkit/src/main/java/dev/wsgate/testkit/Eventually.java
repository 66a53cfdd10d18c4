package dev.wsgate.testkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a real asynchronous event (a message through Redis, a socket closed by another
 * instance) by polling a condition until a deadline: never a sleep to let time pass.
 */
public final class Eventually {
  private Eventually() {}

  /** Whether {@code condition} held before {@code deadline} passed; polled every 10 ms. */
  public static boolean holds(Duration deadline, BooleanSupplier condition) {
    long end = System.nanoTime() + deadline.toNanos();
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) {
        return true;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    return condition.getAsBoolean();
  }
}
