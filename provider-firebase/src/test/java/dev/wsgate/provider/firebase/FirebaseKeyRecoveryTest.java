package dev.wsgate.provider.firebase;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.internal.keys.KeySet;
import dev.wsgate.internal.keys.Verifications;
import dev.wsgate.provider.firebase.GoogleStub.Keys;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import dev.wsgate.testkit.ManualKeyScheduler;
import dev.wsgate.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's targets for {@code firebase}: recovery after an outage, a key with a new {@code kid}
 * seen within seconds even with a short {@code max-age}, a forged-kid storm, a flapping certificate
 * server. Real HTTP to WireMock; cooldowns and retries run on made-up time where the SDK (which
 * reads the system clock) is not involved.
 */
final class FirebaseKeyRecoveryTest {
  private static final String PROJECT = "wsgate-test";
  private static final Duration TICK = Duration.ofMillis(100);

  private final Instant now = Instant.now();
  private GoogleStub google;
  private TokenVerifier verifier;

  @BeforeEach
  void start() {
    google = new GoogleStub();
  }

  @AfterEach
  void stop() {
    if (verifier != null) {
      verifier.close();
    }
    google.close();
  }

  private ProviderSettings settings(java.time.Clock clock) {
    return ProviderSettings.builder(GoogleStub.PREFIX)
        .values(Map.of("project-id", PROJECT, "keys-url", google.url("/certs")))
        .clock(clock)
        .build();
  }

  private Map<String, Object> claims() {
    return IdTokens.claims(PROJECT, "alice", now.minusSeconds(60), now.plusSeconds(3540));
  }

  private VerificationContext context() {
    return VerificationContext.of("default", null, now);
  }

  private void down() {
    google.server.stubFor(get(urlEqualTo("/certs")).willReturn(aResponse().withStatus(503)));
  }

  /** A handshake with made-up time: the failure, or null when accepted. */
  private Failure handshake(String token, ManualKeyScheduler time) {
    CompletableFuture<VerifiedToken> f =
        verifier.verifyAsync(token, context(), Runnable::run).toCompletableFuture();
    time.runQueued();
    assertThat(f).isDone();
    return failure(f);
  }

  private static Failure failure(CompletableFuture<VerifiedToken> f) {
    try {
      Verifications.await(f);
      return null;
    } catch (AuthenticationException e) {
      return e.failure();
    }
  }

  private Failure verify(String token) {
    try {
      verifier.verify(token, context());
      return null;
    } catch (AuthenticationException e) {
      return e.failure();
    }
  }

  @Test
  void startedWhileCertificatesDown_refusesAtOnceThenAcceptsWithinThreeSecondsOfTheirReturn() {
    down();
    ManualKeyScheduler time = new ManualKeyScheduler(now);
    verifier = FirebaseVerifierProvider.create(settings(time), time, time);
    time.runQueued();
    String token = IdTokens.sign(Keys.A, claims());
    for (int i = 0; i < 100; i++) { // 10 s of outage
      assertThat(handshake(token, time)).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
      time.advance(TICK);
    }
    int retries = time.delays().size() - time.pendingTimers();
    assertThat(google.fetches("/certs")).as("one fetch per retry step").isEqualTo(1 + retries);

    google.serveKeys("/certs", 21600, Keys.A);
    Duration sinceReturn = Duration.ZERO;
    while (handshake(token, time) != null) {
      time.advance(TICK);
      sinceReturn = sinceReturn.plus(TICK);
    }
    assertThat(sinceReturn).isLessThanOrEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void shortMaxAgeAndANewKid_acceptedRightAfterStartUpAndWithinFiveSecondsOfARefetch()
      throws Exception {
    google.serveKeys("/certs", 10, Keys.A);
    MutableClock clock = new MutableClock(now);
    verifier = new FirebaseVerifierProvider().create(settings(clock));
    assertThat(verify(IdTokens.sign(Keys.A, claims()))).isNull(); // the SDK now holds {A}

    google.serveKeys("/certs", 10, Keys.A, Keys.B);
    assertThat(verify(IdTokens.sign(Keys.B, claims()))).as("right after start-up").isNull();
    assertThat(google.fetches("/certs")).isEqualTo(2);

    clock.advance(KeySet.REFETCH_COOLDOWN); // B's refetch no longer counts
    assertThat(verify(IdTokens.sign(Keys.OTHER, "forged-kid", claims())))
        .isEqualTo(Failure.UNKNOWN_KEY);
    google.serveKeys("/certs", 10, Keys.A, Keys.B, Keys.OTHER);
    String other = IdTokens.sign(Keys.OTHER, claims());
    Duration sincePublished = Duration.ZERO;
    Failure f;
    while ((f = verify(other)) != null) {
      assertThat(f).isEqualTo(Failure.UNKNOWN_KEY);
      clock.advance(Duration.ofSeconds(1));
      sincePublished = sincePublished.plusSeconds(1);
    }
    assertThat(sincePublished).isLessThanOrEqualTo(KeySet.REFETCH_COOLDOWN);
  }

  @Test
  void newKidThroughVerifyAsync_waitsForTheSdkWithoutAThreadAndIsAccepted() throws Exception {
    google.serveKeys("/certs", 21600, Keys.A);
    verifier = new FirebaseVerifierProvider().create(settings(new MutableClock(now)));
    assertThat(verify(IdTokens.sign(Keys.A, claims()))).isNull();
    google.serveKeys("/certs", 21600, Keys.A, Keys.B);
    ExecutorService none = Executors.newSingleThreadExecutor();
    none.shutdown(); // rejects every task: nothing may need a thread of it
    CompletableFuture<VerifiedToken> b =
        verifier
            .verifyAsync(IdTokens.sign(Keys.B, claims()), context(), none)
            .toCompletableFuture();
    assertThat(b.get(10, TimeUnit.SECONDS).subject()).isEqualTo("alice");
  }

  @Test
  void thousandForgedKidsWithinOneSecond_atMostOneFetch() {
    google.serveKeys("/certs", 21600, Keys.A);
    MutableClock clock = new MutableClock(now);
    verifier = new FirebaseVerifierProvider().create(settings(clock));
    assertThat(verify(IdTokens.sign(Keys.A, claims()))).isNull();
    int before = google.fetches("/certs");
    for (int i = 0; i < 1_000; i++) {
      Map<String, Object> header = new LinkedHashMap<>();
      header.put("alg", "RS256");
      header.put("kid", UUID.randomUUID().toString());
      assertThat(verify(IdTokens.unsigned(header, claims(), "AAAA")))
          .isEqualTo(Failure.UNKNOWN_KEY);
      clock.advance(Duration.ofMillis(1));
    }
    assertThat(google.fetches("/certs") - before).isLessThanOrEqualTo(1);
  }

  @Test
  void flappingCertificateServer_refusesOnlyWhileNoneAreHeldAndThenAs503() {
    ManualKeyScheduler time = new ManualKeyScheduler(now);
    verifier = FirebaseVerifierProvider.create(settings(time), time, time);
    String token = IdTokens.sign(Keys.A, claims());
    int acceptedWhileHeld = 0;
    for (int tick = 0; tick < 600; tick++) { // a minute: down 2 s, up 2 s, ...
      if (tick % 20 == 0) {
        if ((tick / 20) % 2 == 0) {
          down();
        } else {
          google.serveKeys("/certs", 6, Keys.A); // short-lived: refreshed while it flaps
        }
      }
      boolean held = verifier.isReady();
      Failure f = handshake(token, time);
      if (held) {
        assertThat(f).as("tick %d, certificates held", tick).isNull();
        acceptedWhileHeld++;
      } else if (f != null) {
        assertThat(f).as("tick %d, none held", tick).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
      }
      time.advance(TICK);
    }
    assertThat(acceptedWhileHeld).isGreaterThan(300);
  }
}
