package dev.wsgate.testkit;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * A stand-in for the remote backend of a provider (an introspection endpoint, a key server): up,
 * down as in an outage, or hanging until released. Thread-safe.
 */
final class FakeBackend {
  private volatile boolean down;
  private volatile CountDownLatch hanging = new CountDownLatch(0);

  void fail() {
    down = true;
  }

  void hang() {
    hanging = new CountDownLatch(1);
  }

  void release() {
    down = false;
    hanging.countDown();
  }

  /**
   * One call: returns when up, throws when down, waits while hanging.
   *
   * @throws IOException as a refused connection does
   * @throws InterruptedException when interrupted while hanging
   */
  void call() throws IOException, InterruptedException {
    hanging.await();
    if (down) {
      throw new IOException("connection refused");
    }
  }
}
