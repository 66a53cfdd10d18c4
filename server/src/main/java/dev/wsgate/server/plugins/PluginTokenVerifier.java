package dev.wsgate.server.plugins;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * A verifier from a plugin jar, called with the plugin's class loader as the thread context class
 * loader in every method, as JDBC drivers, Jakarta containers and Kafka Connect call theirs: a
 * plugin's {@link java.util.ServiceLoader#load(Class)} or Jackson's {@code
 * findAndRegisterModules()} then see the plugin's own classes and service files, never the
 * server's. Work a plugin's {@link #verifyAsync} hands to the executor runs under the same loader.
 * The caller's loader is restored after each call, and threads the server starts meanwhile keep the
 * server's.
 */
final class PluginTokenVerifier implements TokenVerifier {
  private final TokenVerifier delegate;
  private final ClassLoader loader;

  PluginTokenVerifier(TokenVerifier delegate, ClassLoader loader) {
    this.delegate = delegate;
    this.loader = loader;
  }

  /** Runs {@code call} with {@code loader} as the context class loader, restoring the caller's. */
  static <T> T withLoader(ClassLoader loader, Callable<T> call) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    if (previous == loader) {
      return call.call();
    }
    thread.setContextClassLoader(loader);
    try {
      return call.call();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static void run(ClassLoader loader, Runnable task) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      task.run();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @Override
  public VerifiedToken verify(String token, VerificationContext context)
      throws AuthenticationException {
    try {
      return withLoader(loader, () -> delegate.verify(token, context));
    } catch (AuthenticationException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      // a checked exception a plugin threw past javac (Kotlin, @SneakyThrows): the gate's to judge
      throw PluginTokenVerifier.<RuntimeException>sneaky(e);
    }
  }

  @Override
  public CompletionStage<VerifiedToken> verifyAsync(
      String token, VerificationContext context, Executor executor) {
    // the server's threads are the server's: a pool thread started by this execute must not
    // inherit the plugin's loader for good, so execute itself runs under the caller's loader
    ClassLoader callers = Thread.currentThread().getContextClassLoader();
    Executor underLoader = task -> run(callers, () -> executor.execute(() -> run(loader, task)));
    return unchecked(() -> delegate.verifyAsync(token, context, underLoader));
  }

  @Override
  public boolean isReady() {
    return unchecked(delegate::isReady);
  }

  @Override
  public boolean mayBlock() {
    return unchecked(delegate::mayBlock);
  }

  @Override
  public Optional<Duration> cacheMaxAge() {
    return unchecked(delegate::cacheMaxAge);
  }

  @Override
  public void close() {
    unchecked(
        () -> {
          delegate.close();
          return null;
        });
  }

  private <T> T unchecked(Callable<T> call) {
    try {
      return withLoader(loader, call);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw PluginTokenVerifier.<RuntimeException>sneaky(e);
    }
  }

  @Override
  public String toString() {
    return "Plugin[" + delegate + "]";
  }

  /** Rethrows a checked exception unchanged, so that the caller classifies what really happened. */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
