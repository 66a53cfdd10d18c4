package dev.wsgate.adapter.spring;

import java.util.concurrent.ExecutorService;

/**
 * The {@link HandshakeGuard} as a bean, owning its verification pool: closing the context stops the
 * pool's threads.
 */
final class HandshakeGuardBean implements AutoCloseable {
  private final HandshakeGuard guard;

  HandshakeGuardBean(HandshakeGuard guard) {
    this.guard = guard;
  }

  HandshakeGuard guard() {
    return guard;
  }

  @Override
  public void close() {
    if (guard.verification() instanceof ExecutorService) {
      ((ExecutorService) guard.verification()).shutdownNow();
    }
  }
}
