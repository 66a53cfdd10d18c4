package dev.wsgate.adapter.javawebsocket;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import dev.wsgate.testkit.FakeTokenVerifier;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The fake verifier, except that the token {@code slow} blocks (like a key fetch against a dead
 * server) until {@link #release()}, then fails with PROVIDER_UNAVAILABLE.
 */
final class SlowVerifier implements TokenVerifier {
  final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final FakeTokenVerifier fake = new FakeTokenVerifier();

  void release() {
    release.countDown();
  }

  @Override
  public VerifiedToken verify(String token, VerificationContext context)
      throws AuthenticationException {
    if (token.equals("slow")) {
      entered.countDown();
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new AuthenticationException(Failure.PROVIDER_UNAVAILABLE);
    }
    return fake.verify(token, context);
  }
}
