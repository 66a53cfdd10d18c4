package dev.wsgate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.TokenVerifierProvider;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Runs the kit against deliberately broken providers: each must fail the rule it breaks. */
final class ConformanceKitCatchesBrokenProvidersTest {

  /** Breaks the rules in a way chosen by the subclass. */
  abstract static class BrokenKit extends ProviderConformanceKit {
    abstract TokenVerifier broken();

    @Override
    protected TokenVerifierProvider provider() {
      return new TokenVerifierProvider() {
        @Override
        public String id() {
          return "fake";
        }

        @Override
        public TokenVerifier create(ProviderSettings settings) {
          settings.duration("grace", java.time.Duration.ZERO);
          return broken();
        }
      };
    }

    @Override
    protected ProviderSettings settings() {
      return ProviderSettings.builder("wsgate.provider.fake.").build();
    }

    @Override
    protected String mint(String subject, Instant issuedAt, Instant expiresAt) {
      return FakeTokenVerifier.token(subject, expiresAt);
    }

    @Override
    protected ProviderSettings badSettings() {
      return ProviderSettings.builder("wsgate.provider.fake.")
          .values(Map.of("grace", "soon"))
          .build();
    }

    @Override
    protected String badSettingKey() {
      return "wsgate.provider.fake.grace";
    }
  }

  /** Echoes the token in its rejection message. */
  static final class LeakyKit extends BrokenKit {
    @Override
    TokenVerifier broken() {
      FakeTokenVerifier fake = new FakeTokenVerifier();
      return (token, context) -> {
        try {
          return fake.verify(token, context);
        } catch (AuthenticationException e) {
          throw new AuthenticationException(e.failure(), "bad token " + token);
        }
      };
    }
  }

  /** Reads the system clock instead of the context's. */
  static final class SystemClockKit extends BrokenKit {
    @Override
    TokenVerifier broken() {
      FakeTokenVerifier fake = new FakeTokenVerifier();
      return (token, context) ->
          fake.verify(token, VerificationContext.of(context.tenant(), null, Instant.now()));
    }
  }

  /** Lets an unchecked exception escape for malformed input. */
  static final class ThrowingKit extends BrokenKit {
    @Override
    TokenVerifier broken() {
      FakeTokenVerifier fake = new FakeTokenVerifier();
      return (token, context) -> {
        if (!token.startsWith("fake.")) {
          throw new IllegalArgumentException("cannot parse");
        }
        return fake.verify(token, context);
      };
    }
  }

  /** Starts a thread and never stops it. */
  static final class ThreadLeakKit extends BrokenKit {
    @Override
    protected java.time.Duration closeGrace() {
      return java.time.Duration.ofMillis(200);
    }

    @Override
    TokenVerifier broken() {
      Thread t =
          new Thread(
              () -> {
                try {
                  Thread.sleep(60_000);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "leaky-refresher");
      t.setDaemon(true);
      t.start();
      return new FakeTokenVerifier();
    }
  }

  /** Accepts everything. */
  static final class AcceptAllKit extends BrokenKit {
    @Override
    TokenVerifier broken() {
      return new TokenVerifier() {
        @Override
        public VerifiedToken verify(String token, VerificationContext context) {
          return VerifiedToken.builder("fake", "anyone").expiresAt(Instant.MAX).build();
        }
      };
    }
  }

  /**
   * A verifier that calls a {@link FakeBackend} before it verifies like the fake; each flag breaks
   * one rule of the backend checks.
   */
  abstract static class BackendKit extends BrokenKit {
    final FakeBackend backend = new FakeBackend();

    boolean outageAsRuntimeException() {
      return false;
    }

    boolean declaresMayBlock() {
      return true;
    }

    boolean swallowsInterrupt() {
      return false;
    }

    @Override
    TokenVerifier broken() {
      FakeTokenVerifier fake = new FakeTokenVerifier();
      return new TokenVerifier() {
        @Override
        public VerifiedToken verify(String token, VerificationContext context)
            throws AuthenticationException {
          try {
            backend.call();
          } catch (java.io.IOException e) {
            if (outageAsRuntimeException()) {
              throw new IllegalStateException("backend down", e);
            }
            throw new AuthenticationException(Failure.PROVIDER_UNAVAILABLE, "backend down");
          } catch (InterruptedException e) {
            if (!swallowsInterrupt()) {
              Thread.currentThread().interrupt();
            }
            throw new AuthenticationException(Failure.PROVIDER_UNAVAILABLE, "interrupted");
          }
          return fake.verify(token, context);
        }

        @Override
        public boolean mayBlock() {
          return declaresMayBlock();
        }
      };
    }

    @Override
    protected boolean failBackend() {
      backend.fail();
      return true;
    }

    @Override
    protected boolean hangBackend() {
      backend.hang();
      return true;
    }

    @Override
    protected void releaseBackend() {
      backend.release();
    }
  }

  /** Follows every rule: proves the backend checks pass for a correct provider, and run. */
  static final class GoodBackendKit extends BackendKit {}

  /** Lets an outage escape as an IllegalStateException (the server's 500 instead of 503). */
  static final class OutageAsRuntimeKit extends BackendKit {
    @Override
    boolean outageAsRuntimeException() {
      return true;
    }
  }

  /** Waits on its backend but says it never blocks (the server's decoder thread would wait). */
  static final class UndeclaredBlockingKit extends BackendKit {
    @Override
    boolean declaresMayBlock() {
      return false;
    }
  }

  /** Turns an interrupt into a failure but clears it. */
  static final class SwallowedInterruptKit extends BackendKit {
    @Override
    boolean swallowsInterrupt() {
      return true;
    }
  }

  /** Finds its own classes through the context class loader, as some SDKs do. */
  static final class ContextLoaderKit extends BrokenKit {
    @Override
    TokenVerifier broken() {
      try {
        return (TokenVerifier)
            Class.forName(
                    FakeTokenVerifier.class.getName(),
                    true,
                    Thread.currentThread().getContextClassLoader())
                .getConstructor()
                .newInstance();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot load the verifier", e);
      }
    }
  }

  /** Reports expiry as TOKEN_INACTIVE, as an introspection endpoint does. */
  static final class InactiveExpiryKit extends BrokenKit {
    boolean declared;

    @Override
    protected boolean expiryReportedAsInactive() {
      return declared;
    }

    @Override
    TokenVerifier broken() {
      FakeTokenVerifier fake = new FakeTokenVerifier();
      return (token, context) -> {
        try {
          return fake.verify(token, context);
        } catch (AuthenticationException e) {
          if (e.failure() == Failure.EXPIRED) {
            throw new AuthenticationException(Failure.TOKEN_INACTIVE, "token is not active");
          }
          throw e;
        }
      };
    }
  }

  /** The same provider, declaring that its backend reports expiry as inactive. */
  static final class DeclaredInactiveExpiryKit extends BrokenKit {
    @Override
    protected boolean expiryReportedAsInactive() {
      return true;
    }

    @Override
    TokenVerifier broken() {
      return new InactiveExpiryKit().broken();
    }
  }

  private static Events run(Class<?> kit) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(kit)).execute().testEvents();
  }

  private static List<String> failedTests(Class<?> kit) {
    Events events =
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(kit)).execute().testEvents();
    assertThat(events.started().count()).as("tests run for %s", kit.getSimpleName()).isPositive();
    return events.failed().stream()
        .map(e -> e.getTestDescriptor().getDisplayName())
        .collect(Collectors.toList());
  }

  @Test
  void kit_leakyMessages_failsTheMessageRule() {
    assertThat(failedTests(LeakyKit.class))
        .contains("a rejection message never contains the token or one of its parts");
  }

  @Test
  void kit_systemClock_failsTheClockRule() {
    assertThat(failedTests(SystemClockKit.class))
        .contains("expiry follows the injected clock, not the system clock");
  }

  @Test
  void kit_uncheckedException_failsTheFailureRule() {
    assertThat(failedTests(ThrowingKit.class))
        .contains("every malformed input is an AuthenticationException with a Failure");
  }

  @Test
  void kit_leakedThread_failsTheLifecycleRule() {
    assertThat(failedTests(ThreadLeakKit.class))
        .contains("close() stops every thread the verifier started");
  }

  @Test
  void kit_acceptAll_failsRejectionRules() {
    assertThat(failedTests(AcceptAllKit.class))
        .contains(
            "an untrusted token is rejected with a 401 failure",
            "an expired token is rejected with EXPIRED",
            "a valid token yields its subject and the provider id");
    assertThat(Failure.EXPIRED.httpStatus()).isEqualTo(401);
  }

  private static final List<String> BACKEND_CHECKS =
      List.of(
          "a backend outage is PROVIDER_UNAVAILABLE, not another exception",
          "a verifier that waits on its backend declares mayBlock()",
          "an interrupt ends a call waiting on the backend and stays set");

  @Test
  void kit_correctProviderWithABackend_passesEveryCheckAndSkipsNone() {
    Events events = run(GoodBackendKit.class);
    assertThat(events.failed().stream().map(e -> e.getTestDescriptor().getDisplayName())).isEmpty();
    assertThat(events.aborted().count()).as("checks skipped").isZero();
    assertThat(events.succeeded().stream().map(e -> e.getTestDescriptor().getDisplayName()))
        .containsAll(BACKEND_CHECKS)
        .contains("create() and verify() work under a context class loader that sees only the JDK");
  }

  @Test
  void kit_providerWithoutBackendHooks_skipsTheBackendChecksOnly() {
    Events events = run(FakeConformanceTest.class);
    assertThat(events.failed().count()).isZero();
    assertThat(events.aborted().stream().map(e -> e.getTestDescriptor().getDisplayName()))
        .containsExactlyInAnyOrderElementsOf(BACKEND_CHECKS);
  }

  @Test
  void kit_outageThrownAsRuntimeException_failsTheOutageRule() {
    assertThat(failedTests(OutageAsRuntimeKit.class))
        .containsExactly("a backend outage is PROVIDER_UNAVAILABLE, not another exception");
  }

  @Test
  void kit_blockingVerifierThatSaysItNeverBlocks_failsTheMayBlockRule() {
    assertThat(failedTests(UndeclaredBlockingKit.class))
        .containsExactly("a verifier that waits on its backend declares mayBlock()");
  }

  @Test
  void kit_swallowedInterrupt_failsTheInterruptRule() {
    assertThat(failedTests(SwallowedInterruptKit.class))
        .containsExactly("an interrupt ends a call waiting on the backend and stays set");
  }

  @Test
  void kit_createThroughTheContextClassLoader_failsTheClassLoadingRule() {
    assertThat(failedTests(ContextLoaderKit.class))
        .containsExactly(
            "create() and verify() work under a context class loader that sees only the JDK");
  }

  @Test
  void kit_expiryReportedAsInactive_failsTheExpiryRulesUnlessDeclared() {
    assertThat(failedTests(InactiveExpiryKit.class))
        .containsExactlyInAnyOrder(
            "expiry follows the injected clock, not the system clock",
            "an expired token is rejected with EXPIRED");
    assertThat(failedTests(DeclaredInactiveExpiryKit.class)).isEmpty();
  }
}
