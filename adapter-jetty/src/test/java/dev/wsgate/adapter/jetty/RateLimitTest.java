package dev.wsgate.adapter.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.gate.FailureRateLimiter;
import dev.wsgate.spi.Failure;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.time.Clock;
import java.time.ZoneOffset;
import org.eclipse.jetty.server.HttpConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A gate with a {@link FailureRateLimiter}: a burst of two failures, then 429 with Retry-After; the
 * clock stands still, so no token comes back.
 */
final class RateLimitTest {
  private GatedJetty jetty;

  @BeforeEach
  void start() throws Exception {
    FailureRateLimiter limiter =
        new FailureRateLimiter(2, 1, 100, Clock.fixed(GatedJetty.NOW, ZoneOffset.UTC));
    jetty =
        GatedJetty.start(
            GatedJetty.gate(GatedJetty.MAX_TOKEN_BYTES, limiter),
            EchoEndpoint.class,
            new HttpConfiguration());
  }

  @AfterEach
  void stop() throws Exception {
    jetty.stop();
  }

  @Test
  void upgrade_afterTheBurstOfFailures_answers429WithRetryAfterEvenForAGoodToken()
      throws Exception {
    assertThat(GatedJetty.upgrade("/ws").send(jetty.port()).status())
        .as("a missing token does not count")
        .isEqualTo(401);
    assertThat(GatedJetty.upgrade("/ws?token=bad").send(jetty.port()).status()).isEqualTo(401);
    assertThat(GatedJetty.upgrade("/ws?token=bad").send(jetty.port()).status()).isEqualTo(401);

    RawHttp.Response answer =
        GatedJetty.upgrade("/ws?token=" + GatedJetty.token("alice")).send(jetty.port());

    assertThat(answer.status()).isEqualTo(429);
    assertThat(answer.header("Retry-After")).isEqualTo("60");
    assertThat(answer.closed()).isTrue();
    assertThat(answer.body()).contains("retry after 60 s");
  }

  @Test
  void upgrade_providerOutages_doNotCountAgainstTheClient() throws Exception {
    String outage = "/ws?token=" + FakeTokenVerifier.failing(Failure.PROVIDER_UNAVAILABLE);
    for (int i = 0; i < 3; i++) {
      assertThat(GatedJetty.upgrade(outage).send(jetty.port()).status()).isEqualTo(503);
    }

    RawHttp.Response answer =
        GatedJetty.upgrade("/ws?token=" + GatedJetty.token("alice")).send(jetty.port());

    assertThat(answer.status()).isEqualTo(101);
  }

  @Test
  void upgrade_successes_costNothing() throws Exception {
    for (int i = 0; i < 3; i++) {
      RawHttp.Response answer =
          GatedJetty.upgrade("/ws?token=" + GatedJetty.token("alice")).send(jetty.port());
      assertThat(answer.status()).isEqualTo(101);
    }
  }
}
