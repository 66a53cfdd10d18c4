package dev.wsgate.provider.jwks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.auth0.jwk.JwksHttpResponse;
import dev.wsgate.internal.keys.KeyScheduler;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.testkit.ManualKeyScheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Ways to build a verifier in tests, from the provider's settings keys. */
final class Verifiers {
  static final String PREFIX = "wsgate.provider.jwks.";

  private Verifiers() {}

  static ProviderSettings settings(Map<String, String> values, Clock clock) {
    return ProviderSettings.builder(PREFIX)
        .values(values)
        .clock(clock)
        .clockSkew(Duration.ofSeconds(30))
        .build();
  }

  /** What a server gets: created by the provider, fetching its keys in the background at once. */
  static TokenVerifier viaProvider(Map<String, String> values, Clock clock) {
    return new JwksVerifierProvider().create(settings(values, clock));
  }

  /** A verifier with a cold cache and its real fetch thread, that has not fetched anything. */
  static JwksTokenVerifier cold(Map<String, String> values, Clock clock) {
    JwksSettings s = JwksSettings.from(settings(values, clock));
    return new JwksTokenVerifier(
        s,
        JwksKeys.create(
            s, new BoundedHttpClient(s), clock, KeyScheduler.thread("wsgate-jwks-keys-test")));
  }

  /**
   * A verifier whose time is {@code time}: its fetches wait until the test runs them, its retry
   * timers fire as the test advances the time, which is also its cache clock.
   */
  static JwksTokenVerifier manual(Map<String, String> values, ManualKeyScheduler time) {
    JwksSettings s = JwksSettings.from(settings(values, time));
    return new JwksTokenVerifier(s, JwksKeys.create(s, new BoundedHttpClient(s), time, time));
  }

  /** {@link #manual}, its first fetch queued as a server's would be at start-up. */
  static JwksTokenVerifier started(Map<String, String> values, ManualKeyScheduler time) {
    JwksSettings s = JwksSettings.from(settings(values, time));
    JwksKeys keys = JwksKeys.create(s, new BoundedHttpClient(s), time, time);
    keys.start();
    return new JwksTokenVerifier(s, keys);
  }

  /** A verifier whose "key server" answers every fetch with {@code jwks}, without a network. */
  static JwksTokenVerifier inMemory(Map<String, String> values, Clock clock, String jwks) {
    return inMemory(settings(values, clock), clock, jwks);
  }

  static JwksTokenVerifier inMemory(ProviderSettings settings, Clock clock, String jwks) {
    JwksSettings s = JwksSettings.from(settings);
    return new JwksTokenVerifier(
        s,
        JwksKeys.create(
            s,
            url -> new JwksHttpResponse(jwks),
            clock,
            KeyScheduler.thread("wsgate-jwks-keys-test")));
  }

  static VerificationContext at(Clock clock) {
    return VerificationContext.of("default", null, clock.instant());
  }

  /** Asserts that verifying {@code token} now is rejected with {@code failure}. */
  static void assertRejected(TokenVerifier v, String token, Clock clock, Failure failure) {
    Throwable thrown = catchThrowable(() -> v.verify(token, at(clock)));
    assertThat(thrown)
        .isInstanceOfSatisfying(
            AuthenticationException.class, e -> assertThat(e.failure()).isEqualTo(failure));
  }
}
