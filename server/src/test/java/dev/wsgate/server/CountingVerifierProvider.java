package dev.wsgate.server;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.TokenVerifierProvider;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import dev.wsgate.testkit.FakeTokenVerifier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test provider with id {@code counting}: testkit's {@link FakeTokenVerifier} that counts its
 * calls under the setting {@code label}, so a test can see how often the provider really verified.
 */
public final class CountingVerifierProvider implements TokenVerifierProvider {
  private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

  /** Does no work. */
  public CountingVerifierProvider() {}

  /** How many times verifiers created with {@code label} were called. */
  public static int calls(String label) {
    return CALLS.computeIfAbsent(label, l -> new AtomicInteger()).get();
  }

  @Override
  public String id() {
    return "counting";
  }

  @Override
  public TokenVerifier create(ProviderSettings settings) {
    AtomicInteger calls =
        CALLS.computeIfAbsent(settings.required("label"), l -> new AtomicInteger());
    FakeTokenVerifier fake = new FakeTokenVerifier("counting");
    return new TokenVerifier() {
      @Override
      public VerifiedToken verify(String token, VerificationContext context)
          throws AuthenticationException {
        calls.incrementAndGet();
        return fake.verify(token, context);
      }
    };
  }
}
