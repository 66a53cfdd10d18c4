package dev.wsgate.server.config;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Measures a tenant's verifier for {@code wsgate_verification_seconds}: every call, its outcome by
 * failure label, labelled with the configured provider and tenant ids. Delegates everything else.
 */
final class TimedTokenVerifier implements TokenVerifier {
  private final TokenVerifier delegate;
  private final TenantMeters metrics;
  private final String provider;
  private final String tenant;

  TimedTokenVerifier(TokenVerifier delegate, TenantMeters metrics, String provider, String tenant) {
    this.delegate = delegate;
    this.metrics = metrics;
    this.provider = provider;
    this.tenant = tenant;
  }

  @Override
  public VerifiedToken verify(String token, VerificationContext context)
      throws AuthenticationException {
    long start = System.nanoTime();
    try {
      VerifiedToken verified = delegate.verify(token, context);
      metrics.verification(provider, tenant, null, System.nanoTime() - start);
      return verified;
    } catch (AuthenticationException e) {
      metrics.verification(provider, tenant, e.failure(), System.nanoTime() - start);
      throw e;
    } catch (Throwable e) {
      // precise rethrow: whatever the verifier threw goes on to the gate, which classifies it
      metrics.verification(provider, tenant, Failure.INTERNAL_ERROR, System.nanoTime() - start);
      throw e;
    }
  }

  @Override
  public CompletionStage<VerifiedToken> verifyAsync(
      String token, VerificationContext context, Executor executor) {
    long start = System.nanoTime();
    CompletionStage<VerifiedToken> stage = delegate.verifyAsync(token, context, executor);
    if (stage != null) {
      stage.whenComplete(
          (verified, error) -> {
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            Failure failure =
                cause == null
                    ? null
                    : cause instanceof AuthenticationException
                        ? ((AuthenticationException) cause).failure()
                        : Failure.INTERNAL_ERROR;
            metrics.verification(provider, tenant, failure, System.nanoTime() - start);
          });
    }
    return stage;
  }

  @Override
  public boolean isReady() {
    return delegate.isReady();
  }

  @Override
  public boolean mayBlock() {
    return delegate.mayBlock();
  }

  @Override
  public Optional<Duration> cacheMaxAge() {
    return delegate.cacheMaxAge();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "Timed[" + delegate + "]";
  }
}
