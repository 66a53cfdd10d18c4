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
}
