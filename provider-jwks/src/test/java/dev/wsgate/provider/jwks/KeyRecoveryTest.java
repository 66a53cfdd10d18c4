package dev.wsgate.provider.jwks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.wsgate.provider.jwks.Verifiers.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import dev.wsgate.internal.keys.KeySet;
import dev.wsgate.internal.keys.Verifications;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.VerifiedToken;
import dev.wsgate.testkit.ManualKeyScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 16's targets for {@code jwks}: recovery after an outage, rotation seen within seconds, a
 * forged-kid storm, a flapping key server. Real HTTP to WireMock; the time (cache clock and retry
 * timers) is made up and moved by the test, so nothing sleeps.
 */
final class KeyRecoveryTest {
  private static final RSAKey A = TokenFixtures.rsa("key-a");
  private static final RSAKey B = TokenFixtures.rsa("key-b");
  private static final RSAKey C = TokenFixtures.rsa("key-c");
  private static final Duration TICK = Duration.ofMillis(100);

  @RegisterExtension
  static final WireMockExtension IDP =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final ManualKeyScheduler time = new ManualKeyScheduler(Instant.now());
  private JwksTokenVerifier verifier;

  @AfterEach
  void close() {
    if (verifier != null) {
      verifier.close();
    }
  }

  private JwksTokenVerifier start(Map<String, String> extra) {
    Map<String, String> values = new java.util.HashMap<>();
    values.put("jwks-uri", IDP.url("/jwks.json"));
    values.put("issuer", TokenFixtures.ISSUER);
    values.put("connect-timeout", "2s");
    values.put("read-timeout", "5s");
    values.putAll(extra);
    verifier = Verifiers.started(values, time);
    return verifier;
  }

  private String token(RSAKey key) {
    Instant now = time.instant();
    return TokenFixtures.sign(
        key,
        JWSAlgorithm.RS256,
        TokenFixtures.claims("alice", now, now.plus(Duration.ofHours(2))).build());
  }

  private static void serve(RSAKey... keys) {
    IDP.stubFor(get("/jwks.json").willReturn(okJson(TokenFixtures.jwks(keys))));
  }

  private static void down() {
    IDP.stubFor(get("/jwks.json").willReturn(aResponse().withStatus(503)));
  }

  private static int fetches() {
    return IDP.countRequestsMatching(getRequestedFor(urlEqualTo("/jwks.json")).build()).getCount();
  }

  /** A handshake now: the failure, or null when accepted; any fetch it starts runs first. */
  private Failure handshake(String token) {
    CompletableFuture<VerifiedToken> f =
        verifier.verifyAsync(token, at(time), Runnable::run).toCompletableFuture();
    time.runQueued();
    assertThat(f).as("answered once the fetch ran").isDone();
    try {
      Verifications.await(f);
      return null;
    } catch (AuthenticationException e) {
      return e.failure();
    }
  }

  /** The retry timers that fired, each of which made one fetch. */
  private int retriesFired() {
    return time.delays().size() - time.pendingTimers();
  }

  @Test
  void startedWhileKeyServerDown_refusesAtOnceThenAcceptsWithinThreeSecondsOfItsReturn() {
    down();
    start(Map.of());
    time.runQueued(); // the start-up fetch fails
    String token = token(A);
    for (int i = 0; i < 200; i++) { // 20 s of outage, ten handshakes a second
      CompletableFuture<VerifiedToken> f =
          verifier.verifyAsync(token, at(time), Runnable::run).toCompletableFuture();
      assertThat(f).as("refused at once, no fetch waited for").isCompletedExceptionally();
      assertThat(handshake(token)).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
      time.advance(TICK);
    }
    assertThat(fetches()).as("one fetch per retry step").isEqualTo(1 + retriesFired());
    assertThat(time.delays())
        .allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(250), KeySet.MAX_RETRY));

    serve(A);
    Duration sinceReturn = Duration.ZERO;
    while (handshake(token) != null) {
      time.advance(TICK);
      sinceReturn = sinceReturn.plus(TICK);
    }
    assertThat(sinceReturn).isLessThanOrEqualTo(Duration.ofSeconds(3));
    assertThat(verifier.isReady()).isTrue();
  }

  @Test
  void keyPublishedRightAfterStartUp_acceptedAtOnce() {
    serve(A);
    start(Map.of());
    time.runQueued();
    serve(A, B);
    assertThat(handshake(token(B))).isNull();
    assertThat(fetches()).isEqualTo(2);
  }

  @Test
  void keyPublishedRightAfterAnotherRefetch_acceptedWithinFiveSeconds() {
    serve(A);
    start(Map.of());
    time.runQueued();
    assertThat(handshake(token(TokenFixtures.rsa("forged")))).isEqualTo(Failure.UNKNOWN_KEY);
    serve(A, C);
    String tokenC = token(C);
    Duration sincePublished = Duration.ZERO;
    Failure f;
    while ((f = handshake(tokenC)) != null) {
      assertThat(f).isEqualTo(Failure.UNKNOWN_KEY);
      time.advance(TICK);
      sincePublished = sincePublished.plus(TICK);
    }
    assertThat(sincePublished).isLessThanOrEqualTo(Duration.ofSeconds(5));
    assertThat(fetches()).isEqualTo(3);
  }

  @Test
  void thousandForgedKidsWithinOneSecond_atMostOneFetch() {
    serve(A);
    start(Map.of());
    time.runQueued();
    String[] real = token(A).split("\\.");
    int before = fetches();
    for (int i = 0; i < 1_000; i++) {
      // an unknown kid is refused before any signature check: the signature may be A's
      String header = "{\"alg\":\"RS256\",\"kid\":\"" + UUID.randomUUID() + "\"}";
      String forged =
          Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(header.getBytes(StandardCharsets.UTF_8))
              + "."
              + real[1]
              + "."
              + real[2];
      assertThat(handshake(forged)).isEqualTo(Failure.UNKNOWN_KEY);
      time.advance(Duration.ofMillis(1));
    }
    assertThat(fetches() - before).isLessThanOrEqualTo(1);
    assertThat(handshake(token(A))).isNull();
  }

  @Test
  void flappingKeyServer_validTokensRefusedOnlyWhileNoKeysAreHeldAndThenAs503() {
    // short lifetimes, so that keys do age out while the key server is down
    start(
        Map.of(
            "cache-ttl", "8s",
            "refresh-ahead", "2s",
            "stale-if-error", "1s",
            "connect-timeout", "1s",
            "read-timeout", "1s"));
    String token = token(A);
    int acceptedWhileHeld = 0;
    int refusedWithoutKeys = 0;
    for (int tick = 0; tick < 600; tick++) { // a minute: down 2 s, up 2 s, down 2 s, ...
      if (tick % 20 == 0) {
        if ((tick / 20) % 2 == 0) {
          down();
        } else {
          serve(A);
        }
      }
      boolean held = verifier.isReady();
      Failure f = handshake(token);
      if (held) {
        assertThat(f).as("tick %d, keys held", tick).isNull();
        acceptedWhileHeld++;
      } else if (f != null) {
        assertThat(f).as("tick %d, no keys", tick).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
        refusedWithoutKeys++;
      }
      time.advance(TICK);
    }
    assertThat(acceptedWhileHeld).isGreaterThan(300);
    assertThat(refusedWithoutKeys).isGreaterThan(0);
  }
}
