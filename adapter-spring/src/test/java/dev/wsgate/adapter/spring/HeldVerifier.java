package dev.wsgate.adapter.spring;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import dev.wsgate.testkit.FakeTokenVerifier;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * testkit's {@link FakeTokenVerifier} as a verifier that may block (like a key fetch), so that the
 * gate hands its verifications to the adapter as pending ones. A token {@code held.<fake token>}
 * waits until {@link #release} before it is verified, and records the thread it waited on.
 */
final class HeldVerifier implements TokenVerifier {
  static final LinkedBlockingQueue<String> heldOn = new LinkedBlockingQueue<>();
  private static volatile CountDownLatch gate = new CountDownLatch(1);

  private final FakeTokenVerifier fake = new FakeTokenVerifier();

  static void hold() {
    gate = new CountDownLatch(1);
  }

  static void release() {
    gate.countDown();
  }

  @Override
  public boolean mayBlock() {
    return true;
  }

  @Override
  public VerifiedToken verify(String token, VerificationContext context)
      throws AuthenticationException {
    if (token.startsWith("held.")) {
      heldOn.add(Thread.currentThread().getName());
      try {
        gate.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return fake.verify(token.substring("held.".length()), context);
    }
    return fake.verify(token, context);
  }
}
