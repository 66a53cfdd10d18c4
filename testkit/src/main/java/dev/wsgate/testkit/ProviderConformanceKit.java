package dev.wsgate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.TokenVerifierProvider;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The provider conformance kit: the rules every {@link TokenVerifierProvider} must follow, as an
 * abstract JUnit 5 suite. A provider's test extends it, supplies a configured provider and a way to
 * mint tokens, and inherits one test per rule.
 *
 * <pre>{@code
 * final class HmacConformanceTest extends ProviderConformanceKit {
 *   protected TokenVerifierProvider provider() { return new HmacVerifierProvider(); }
 *   protected ProviderSettings settings() { return ProviderSettings.builder(...).build(); }
 *   protected String mint(String subject, Instant issuedAt, Instant expiresAt) { ... }
 *   protected ProviderSettings badSettings() { ... }   // one bad key
 *   protected String badSettingKey() { return "wsgate.provider.hmac.secret"; }
 * }
 * }</pre>
 *
 * <p>Tokens are minted around {@link #now()}, the real time by default, because some vendor SDKs
 * read the system clock; the kit moves the verification time only through {@link
 * VerificationContext#now()}.
 *
 * <p>A provider that calls a backend while verifying (token introspection, a key server, a
 * database) also implements the backend hooks {@link #failBackend()}, {@link #hangBackend()} and
 * {@link #releaseBackend()}, and the kit then checks what the server relies on: an outage is {@link
 * Failure#PROVIDER_UNAVAILABLE} (503, "retry"), not a {@code RuntimeException} (500); a verifier
 * that waits on its backend declares {@link TokenVerifier#mayBlock()}; an interrupt (the server's
 * verify timeout) ends a waiting call and stays set. Without the hooks those checks are skipped
 * (reported as aborted, naming the hook). Every provider is also created and used under a context
 * class loader that sees only the JDK, as a plugin may be.
 */
public abstract class ProviderConformanceKit {

  /** The provider under test, freshly constructed. */
  protected abstract TokenVerifierProvider provider();

  /** Settings with which {@link #provider()} creates a working verifier. */
  protected abstract ProviderSettings settings();

  /** A token the configured verifier accepts between {@code issuedAt} and {@code expiresAt}. */
  protected abstract String mint(String subject, Instant issuedAt, Instant expiresAt)
      throws Exception;

  /** Settings with exactly one bad value, the one named by {@link #badSettingKey()}. */
  protected abstract ProviderSettings badSettings();

  /** The full property key that {@link #badSettings()} gets wrong. */
  protected abstract String badSettingKey();

  /** A token signed by a key the verifier does not trust; by default a tampered valid token. */
  protected String untrustedToken(String subject) throws Exception {
    String token = mint(subject, now(), now().plus(Duration.ofMinutes(10)));
    int dot = token.lastIndexOf('.');
    char c = token.charAt(dot + 1);
    return token.substring(0, dot + 1) + (c == 'A' ? 'B' : 'A') + token.substring(dot + 2);
  }

  /** The time tokens are minted around. */
  protected Instant now() {
    return Instant.now();
  }

  /** The tenant passed in the verification context. */
  protected String tenant() {
    return "default";
  }

  /** The origin passed in the verification context; null for none. */
  protected @Nullable String origin() {
    return null;
  }

  /**
   * Whether the provider's backend reports an expired token as not active (RFC 7662 introspection:
   * {@code active: false}) instead of returning its {@code exp}; the expiry checks then also accept
   * {@link Failure#TOKEN_INACTIVE}. False by default.
   */
  protected boolean expiryReportedAsInactive() {
    return false;
  }

  /**
   * Makes every later call to the provider's backend fail as in an outage (connection refused, a
   * timeout or a 5xx answer), until {@link #releaseBackend()}; a token the verifier has not seen
   * before then needs the backend. Returns false, as by default, when the provider calls no backend
   * while verifying: the outage check is then skipped.
   */
  protected boolean failBackend() throws Exception {
    return false;
  }

  /**
   * Makes every later call to the provider's backend wait without an answer for much longer than a
   * test (a minute), until {@link #releaseBackend()}. Returns false, as by default, when the
   * provider calls no backend while verifying: the checks that need it are then skipped.
   */
  protected boolean hangBackend() throws Exception {
    return false;
  }

  /**
   * Undoes {@link #failBackend()} and {@link #hangBackend()}; called after every check that used
   * them.
   */
  protected void releaseBackend() throws Exception {}

  /** How long the verifier may take to stop its background threads after close. */
  protected Duration closeGrace() {
    return Duration.ofSeconds(5);
  }

  private TokenVerifier verifier;

  @BeforeEach
  void createVerifier() {
    verifier = provider().create(settings());
  }

  @AfterEach
  void closeVerifier() {
    if (verifier != null) {
      verifier.close();
    }
  }

  private VerificationContext at(Instant when) {
    return VerificationContext.of(tenant(), origin(), when);
  }

  private VerifiedToken verify(String token, Instant when) throws AuthenticationException {
    return verifier.verify(token, at(when));
  }

  @Nested
  @DisplayName("identity")
  final class Identity {
    @Test
    @DisplayName("the provider id is lower case, stable and non-blank")
    void id_isStable() {
      String id = provider().id();
      assertThat(id).isNotBlank().isEqualTo(id.toLowerCase(java.util.Locale.ROOT));
      assertThat(provider().id()).isEqualTo(id);
    }

    @Test
    @DisplayName("a valid token yields its subject and the provider id")
    void verify_validToken_returnsIdentity() throws Exception {
      String token = mint("conformance-user", now(), now().plus(Duration.ofMinutes(10)));
      VerifiedToken t = verify(token, now());
      assertThat(t).isNotNull();
      assertThat(t.subject()).isEqualTo("conformance-user");
      assertThat(t.providerId()).isEqualTo(provider().id());
      assertThat(t.expiresAt()).isPresent();
    }
  }

  @Nested
  @DisplayName("failures")
  final class Failures {
    @Test
    @DisplayName("every malformed input is an AuthenticationException with a Failure")
    void verify_garbage_throwsAuthenticationException() {
      List<String> garbage =
          List.of(
              "x",
              "a.b",
              "a.b.c",
              "a.b.c.d",
              "a.b.c.d.e",
              "....",
              "eyJhbGciOiJub25lIn0.e30.",
              "eyJhbGciOiJIUzI1NiJ9.e30.AAAA",
              "eyJhbGciOiJSUzI1NiJ9.e30.AAAA",
              "e30.e30.e30",
              "W10.W10.W10",
              "bnVsbA.bnVsbA.bnVsbA",
              "%%%.%%%.%%%",
              "ak_0123456789",
              "sk_live_0123456789",
              "x".repeat(8000));
      for (String g : garbage) {
        Throwable thrown = catchThrowable(() -> verify(g, now()));
        assertThat(thrown)
            .as("verify(%s…)", g.substring(0, Math.min(12, g.length())))
            .isInstanceOf(AuthenticationException.class);
        assertThat(((AuthenticationException) thrown).failure()).isNotNull();
      }
    }

    @Test
    @DisplayName("an untrusted token is rejected with a 401 failure")
    void verify_untrustedToken_rejected() throws Exception {
      String token = untrustedToken("mallory");
      assertThatThrownBy(() -> verify(token, now()))
          .isInstanceOfSatisfying(
              AuthenticationException.class,
              e -> assertThat(e.failure().httpStatus()).isEqualTo(401));
    }

    @Test
    @DisplayName("a rejection message never contains the token or one of its parts")
    void verify_rejection_messageNeverContainsToken() throws Exception {
      List<String> rejected = new ArrayList<>();
      rejected.add(untrustedToken("mallory"));
      rejected.add(
          mint("late", now().minus(Duration.ofHours(3)), now().minus(Duration.ofHours(2))));
      for (String token : rejected) {
        AuthenticationException e =
            (AuthenticationException) catchThrowable(() -> verify(token, now()));
        assertThat(e).as("a rejected token").isNotNull();
        assertThat(e.getMessage()).doesNotContain(token);
        for (String part : token.split("\\.")) {
          if (part.length() >= 8) {
            assertThat(e.getMessage()).doesNotContain(part);
          }
        }
        assertThat(String.valueOf(e)).doesNotContain(token);
      }
    }
  }

  @Nested
  @DisplayName("time")
  final class Time {
    @Test
    @DisplayName("expiry follows the injected clock, not the system clock")
    void verify_afterExpiryPerContext_rejectsWithExpired() throws Exception {
      Instant exp = now().plus(Duration.ofMinutes(10));
      String token = mint("clocked", now(), exp);
      assertThat(verify(token, exp.minusSeconds(60)).subject()).isEqualTo("clocked");
      Instant wellAfter = exp.plus(Duration.ofHours(1));
      assertThatThrownBy(() -> verify(token, wellAfter))
          .isInstanceOfSatisfying(
              AuthenticationException.class, e -> assertThat(e.failure()).isIn(expiredFailures()));
    }

    @Test
    @DisplayName("an expired token is rejected with EXPIRED")
    void verify_expiredToken_rejectsWithExpired() throws Exception {
      String token =
          mint("late", now().minus(Duration.ofHours(3)), now().minus(Duration.ofHours(2)));
      assertThatThrownBy(() -> verify(token, now()))
          .isInstanceOfSatisfying(
              AuthenticationException.class, e -> assertThat(e.failure()).isIn(expiredFailures()));
    }
  }

  private Set<Failure> expiredFailures() {
    return expiryReportedAsInactive()
        ? Set.of(Failure.EXPIRED, Failure.TOKEN_INACTIVE)
        : Set.of(Failure.EXPIRED);
  }

  @Nested
  @DisplayName("concurrency")
  final class Concurrency {
    @Test
    @DisplayName("one verifier serves many threads at once")
    void verify_concurrentMixedTokens_eachDecidedRight() throws Exception {
      int threads = 8;
      int perThread = 50;
      List<String> valid = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        valid.add(mint("user-" + i, now(), now().plus(Duration.ofMinutes(10))));
      }
      String bad = untrustedToken("mallory");
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          int n = i;
          Callable<Integer> task =
              () -> {
                int ok = 0;
                for (int j = 0; j < perThread; j++) {
                  if (j % 3 == 0) {
                    try {
                      verify(bad, now());
                      throw new AssertionError("an untrusted token was accepted");
                    } catch (AuthenticationException expected) {
                      ok++;
                    }
                  } else if (verify(valid.get(n), now()).subject().equals("user-" + n)) {
                    ok++;
                  }
                }
                return ok;
              };
          results.add(pool.submit(task));
        }
        for (Future<Integer> r : results) {
          assertThat(r.get(60, TimeUnit.SECONDS)).isEqualTo(perThread);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /** A token no verifier has seen yet, so that verifying it cannot be answered from a cache. */
  private String freshToken() throws Exception {
    return mint("fresh-" + System.nanoTime(), now(), now().plus(Duration.ofMinutes(10)));
  }

  /** Verifies {@code token} on a thread of its own (daemon), so that the kit can watch it wait. */
  private static final class Attempt {
    final CompletableFuture<Object> outcome = new CompletableFuture<>();
    final AtomicBoolean interruptedAfter = new AtomicBoolean();
    final Thread thread;

    Attempt(TokenVerifier verifier, String token, VerificationContext context) {
      thread =
          new Thread(
              () -> {
                Object result;
                try {
                  result = verifier.verify(token, context);
                } catch (Throwable t) {
                  result = t;
                }
                // read before the outcome is published: the kit looks at it right after
                interruptedAfter.set(Thread.interrupted());
                outcome.complete(result);
              },
              "conformance-verify");
      thread.setDaemon(true);
      thread.start();
    }

    Object await(Duration limit) throws Exception {
      try {
        return outcome.get(limit.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        return null;
      }
    }
  }

  private void assumeBackend(boolean available, String hook) {
    assumeTrue(
        available,
        "the provider calls no backend while verifying; override "
            + hook
            + " if it does, so that the kit can check outages");
  }

  @Nested
  @DisplayName("backend")
  final class Backend {
    @AfterEach
    void release() throws Exception {
      releaseBackend();
    }

    @Test
    @DisplayName("a backend outage is PROVIDER_UNAVAILABLE, not another exception")
    void verify_backendDown_rejectsWithProviderUnavailable() throws Exception {
      String token = freshToken();
      assumeBackend(failBackend(), "failBackend()");
      Throwable thrown = catchThrowable(() -> verify(token, now()));
      assertThat(thrown)
          .as("verify while the backend is down (a RuntimeException would be a 500, not a 503)")
          .isInstanceOf(AuthenticationException.class);
      assertThat(((AuthenticationException) thrown).failure())
          .isEqualTo(Failure.PROVIDER_UNAVAILABLE);
      assertThat(thrown.getMessage()).doesNotContain(token);
    }

    @Test
    @DisplayName("a verifier that waits on its backend declares mayBlock()")
    void verify_backendHangs_onlyAVerifierThatMayBlockWaits() throws Exception {
      String token = freshToken();
      assumeBackend(hangBackend(), "hangBackend()");
      Attempt attempt = new Attempt(verifier, token, at(now()));
      Object outcome = attempt.await(UNDECLARED_WAIT_LIMIT);
      attempt.thread.interrupt();
      if (!verifier.mayBlock()) {
        assertThat(outcome)
            .as(
                "verify still waited on the backend after %s although mayBlock() is false: the"
                    + " server calls such a verifier on a thread other handshakes share; declare"
                    + " mayBlock() true",
                UNDECLARED_WAIT_LIMIT)
            .isNotNull();
      }
      releaseBackend();
      assertThat(attempt.await(closeGrace()))
          .as("verify ended after the backend answered")
          .isNotNull();
    }

    @Test
    @DisplayName("an interrupt ends a call waiting on the backend and stays set")
    void verify_interruptedWhileBackendHangs_endsAndKeepsTheInterrupt() throws Exception {
      String token = freshToken();
      assumeBackend(hangBackend(), "hangBackend()");
      Attempt attempt = new Attempt(verifier, token, at(now()));
      // give the call time to reach the backend; an earlier interrupt must work as well
      attempt.await(Duration.ofMillis(300));
      attempt.thread.interrupt();
      Object outcome = attempt.await(INTERRUPT_LIMIT);
      assertThat(outcome)
          .as(
              "verify did not end within %s of an interrupt (the server interrupts a"
                  + " verification at its timeout)",
              INTERRUPT_LIMIT)
          .isNotNull();
      if (outcome instanceof Throwable) {
        assertThat(outcome)
            .as("what an interrupted verify throws")
            .isInstanceOf(AuthenticationException.class);
      }
      assertThat(attempt.interruptedAfter)
          .as(
              "the thread's interrupt status after verify returned (restore it with"
                  + " Thread.currentThread().interrupt() after catching InterruptedException)")
          .isTrue();
    }
  }

  @Nested
  @DisplayName("class loading")
  final class ClassLoading {
    @Test
    @DisplayName("create() and verify() work under a context class loader that sees only the JDK")
    void create_isolatedContextClassLoader_works() throws Exception {
      String token = mint("isolated", now(), now().plus(Duration.ofMinutes(10)));
      ClassLoader isolated = new ClassLoader("isolated", ClassLoader.getPlatformClassLoader()) {};
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(isolated);
      TokenVerifier v = null;
      try {
        v = provider().create(settings());
        assertThat(v.verify(token, at(now())).subject()).isEqualTo("isolated");
      } finally {
        thread.setContextClassLoader(previous);
        if (v != null) {
          v.close();
        }
      }
    }
  }

  /** How long a verifier that says it never blocks may wait on a hanging backend. */
  private static final Duration UNDECLARED_WAIT_LIMIT = Duration.ofSeconds(1);

  /** How soon a verifier waiting on a hanging backend must end after an interrupt. */
  private static final Duration INTERRUPT_LIMIT = Duration.ofSeconds(5);

  @Nested
  @DisplayName("lifecycle")
  final class Lifecycle {
    @Test
    @DisplayName("close() stops every thread the verifier started")
    void close_stopsBackgroundThreads() throws Exception {
      Set<Thread> before = Thread.getAllStackTraces().keySet();
      TokenVerifier v = provider().create(settings());
      try {
        v.verify(mint("warm", now(), now().plus(Duration.ofMinutes(10))), at(now()));
      } finally {
        v.close();
      }
      v.close(); // idempotent
      await("the verifier's threads to end")
          .atMost(closeGrace())
          .pollInterval(Duration.ofMillis(50))
          .pollInSameThread() // a polling thread of its own would count as one left running
          .untilAsserted(
              () ->
                  assertThat(
                          Thread.getAllStackTraces().keySet().stream()
                              .filter(t -> !before.contains(t) && t.isAlive())
                              .filter(t -> !isSharedJvmThread(t))
                              .map(Thread::getName)
                              .collect(Collectors.toSet()))
                      .as("threads still running after close()")
                      .isEmpty());
    }

    @Test
    @DisplayName("a bad setting fails create() naming its full key")
    void create_badSetting_namesFullKey() {
      assertThatThrownBy(() -> provider().create(badSettings()))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(badSettingKey());
    }
  }

  /**
   * The JDK {@code HttpClient}'s selector thread and the workers of its default executor: on Java
   * 17 a client has no {@code close()}, and they end only once the client is garbage collected (the
   * selector) or has been idle for a minute (the workers).
   */
  private static final Pattern JDK_HTTP_CLIENT_THREAD =
      Pattern.compile("HttpClient-\\d+-(SelectorManager|Worker-\\d+)");

  /**
   * Threads the JVM or a shared library pool owns rather than the verifier (common fork-join pool,
   * the one behind {@code CompletableFuture.orTimeout}, the JDK {@code HttpClient}'s selector and
   * worker threads, which outlive a client by design). Override to add more.
   */
  protected boolean isSharedJvmThread(Thread t) {
    String name = t.getName();
    return JDK_HTTP_CLIENT_THREAD.matcher(name).matches()
        || name.startsWith("ForkJoinPool.commonPool")
        || name.equals("CompletableFutureDelayScheduler")
        || name.startsWith("process reaper")
        || name.startsWith("Attach Listener")
        || name.startsWith("junit-")
        || name.equals("Common-Cleaner");
  }
}
