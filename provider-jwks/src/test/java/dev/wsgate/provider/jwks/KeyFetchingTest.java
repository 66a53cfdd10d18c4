package dev.wsgate.provider.jwks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.wsgate.provider.jwks.Verifiers.assertRejected;
import static dev.wsgate.provider.jwks.Verifiers.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import dev.wsgate.internal.keys.KeySet;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerifiedToken;
import dev.wsgate.testkit.ManualKeyScheduler;
import dev.wsgate.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rotation, the refetch cooldown, single flight and refresh ahead, against WireMock. */
final class KeyFetchingTest {
  private static final RSAKey A = TokenFixtures.rsa("key-a");
  private static final RSAKey B = TokenFixtures.rsa("key-b");

  @RegisterExtension
  static final WireMockExtension IDP =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final MutableClock clock = new MutableClock(Instant.now());

  private Map<String, String> config() {
    return Map.of(
        "jwks-uri",
        IDP.url("/jwks.json"),
        "issuer",
        TokenFixtures.ISSUER,
        "audience",
        TokenFixtures.AUDIENCE,
        // generous: these tests are about fetch counts, and a loaded CI machine can take a
        // second to answer the first request
        "connect-timeout",
        "2s",
        "read-timeout",
        "5s");
  }

  private String token(RSAKey key, String subject) {
    return token(key, subject, clock);
  }

  private static String token(RSAKey key, String subject, java.time.Clock clock) {
    Instant now = clock.instant();
    return TokenFixtures.sign(
        key,
        JWSAlgorithm.RS256,
        TokenFixtures.claims(subject, now, now.plus(Duration.ofHours(2))).build());
  }

  private static void serve(RSAKey... keys) {
    IDP.stubFor(get("/jwks.json").willReturn(okJson(TokenFixtures.jwks(keys))));
  }

  private static int fetches() {
    return IDP.countRequestsMatching(getRequestedFor(urlEqualTo("/jwks.json")).build()).getCount();
  }

  @Test
  void verify_kidAddedByRotation_refetchesOnceAndAccepts() throws Exception {
    serve(A);
    try (TokenVerifier v = Verifiers.viaProvider(config(), clock)) {
      assertThat(v.verify(token(A, "alice"), at(clock)).subject()).isEqualTo("alice");
      assertThat(fetches()).isEqualTo(1);

      serve(A, B);
      assertThat(v.verify(token(B, "bob"), at(clock)).subject()).isEqualTo("bob");
      assertThat(v.verify(token(B, "bob"), at(clock)).subject()).isEqualTo("bob");
      assertThat(v.verify(token(A, "alice"), at(clock)).subject()).isEqualTo("alice");
      assertThat(fetches()).isEqualTo(2);
    }
  }

  @Test
  void verify_unknownKidWithinTheCooldown_rejectsWithUnknownKeyWithoutFetching() throws Exception {
    serve(A);
    RSAKey stranger = TokenFixtures.rsa("stranger");
    try (TokenVerifier v = Verifiers.viaProvider(config(), clock)) {
      v.verify(token(A, "alice"), at(clock));
      assertRejected(v, token(stranger, "x"), clock, Failure.UNKNOWN_KEY);
      assertThat(fetches()).isEqualTo(2);

      for (int i = 0; i < 5; i++) {
        assertRejected(v, token(stranger, "x"), clock, Failure.UNKNOWN_KEY);
      }
      assertThat(fetches()).as("refetches within the cooldown").isEqualTo(2);
      assertThat(v.verify(token(A, "alice"), at(clock)).subject()).isEqualTo("alice");

      clock.advance(KeySet.REFETCH_COOLDOWN);
      assertRejected(v, token(stranger, "x"), clock, Failure.UNKNOWN_KEY);
      assertThat(fetches()).as("one more refetch once it passed").isEqualTo(3);
    }
  }

  @Test
  void verify_hundredConcurrentHandshakesWithColdCache_fetchOnce() throws Exception {
    IDP.stubFor(get("/jwks.json").willReturn(okJson(TokenFixtures.jwks(A)).withFixedDelay(300)));
    try (JwksTokenVerifier v = Verifiers.cold(config(), clock)) {
      List<String> subjects =
          concurrently(100, i -> v.verify(token(A, "u" + i), at(clock)).subject());
      assertThat(subjects).hasSize(100).doesNotContainNull();
    }
    assertThat(fetches()).isEqualTo(1);
  }

  @Test
  void verifyAsync_coldCacheAndSlowKeyServer_waitsWithoutHoldingAThread() throws Exception {
    IDP.stubFor(get("/jwks.json").willReturn(okJson(TokenFixtures.jwks(A)).withFixedDelay(1_000)));
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      tokens.add(token(A, "u" + i));
    }
    try (JwksTokenVerifier v = Verifiers.cold(config(), clock)) {
      List<CompletableFuture<VerifiedToken>> pending = new ArrayList<>();
      for (String t : tokens) {
        // an executor that refuses work: waiting for the keys must not need one
        pending.add(
            v.verifyAsync(
                    t,
                    at(clock),
                    r -> {
                      throw new RejectedExecutionException("no thread for waiting");
                    })
                .toCompletableFuture());
      }
      assertThat(pending)
          .as("all returned while the fetch runs")
          .noneMatch(CompletableFuture::isDone);
      for (int i = 0; i < pending.size(); i++) {
        assertThat(pending.get(i).get(30, TimeUnit.SECONDS).subject()).isEqualTo("u" + i);
      }
    }
    assertThat(fetches()).isEqualTo(1);
  }

  @Test
  void verify_concurrentHandshakesWithRotatedKid_refetchOnce() throws Exception {
    serve(A);
    try (JwksTokenVerifier v = Verifiers.cold(config(), clock)) {
      v.verify(token(A, "alice"), at(clock));
      IDP.stubFor(
          get("/jwks.json").willReturn(okJson(TokenFixtures.jwks(A, B)).withFixedDelay(300)));
      String tokenB = token(B, "bob");
      List<String> subjects = concurrently(50, i -> v.verify(tokenB, at(clock)).subject());
      assertThat(Set.copyOf(subjects)).containsExactly("bob");
    }
    assertThat(fetches()).isEqualTo(2);
  }

  @Test
  void verify_inRefreshAheadWindow_answersFromCacheAndRefreshesInBackground() throws Exception {
    serve(A);
    ManualKeyScheduler time = new ManualKeyScheduler(clock.instant());
    try (JwksTokenVerifier v = Verifiers.manual(config(), time)) {
      assertThat(v.isReady()).isFalse();
      time.runQueued();
      assertThat(v.isReady()).isTrue();
      serve(B); // A retired, B published

      time.advance(
          JwksSettings.DEFAULT_CACHE_TTL.minus(JwksSettings.DEFAULT_REFRESH_AHEAD).plusSeconds(1));
      assertThat(v.verify(token(A, "alice", time), at(time)).subject()).isEqualTo("alice");
      assertThat(fetches()).as("the handshake did not fetch").isEqualTo(1);
      assertThat(time.queued()).as("a background refresh was handed off").isEqualTo(1);

      time.runQueued();
      assertThat(fetches()).isEqualTo(2);
      assertThat(v.verify(token(B, "bob", time), at(time)).subject()).isEqualTo("bob");
      assertThat(fetches()).as("B came with the background refresh").isEqualTo(2);
    }
  }

  @Test
  void close_afterUse_stopsItsDaemonThreads() throws Exception {
    serve(A);
    TokenVerifier v = Verifiers.viaProvider(config(), clock);
    v.verify(token(A, "alice"), at(clock));
    List<Thread> mine = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("wsgate-jwks-") && t.isAlive()) {
        mine.add(t);
      }
    }
    assertThat(mine).isNotEmpty().allMatch(Thread::isDaemon);
    v.close();
    v.close();
    for (Thread t : mine) {
      t.join(TimeUnit.SECONDS.toMillis(10));
    }
    assertThat(mine).noneMatch(Thread::isAlive);
  }

  @Test
  void verify_statusOtherThan200_isNotAKeySet() throws Exception {
    IDP.stubFor(
        get("/jwks.json")
            .willReturn(aResponse().withStatus(302).withHeader("Location", IDP.url("/other"))));
    IDP.stubFor(get("/other").willReturn(okJson(TokenFixtures.jwks(A))));
    try (JwksTokenVerifier v = Verifiers.cold(config(), clock)) {
      assertRejected(v, token(A, "alice"), clock, Failure.PROVIDER_UNAVAILABLE);
    }
    assertThat(IDP.countRequestsMatching(getRequestedFor(urlEqualTo("/other")).build()).getCount())
        .as("redirects are not followed")
        .isZero();
  }

  interface Task<T> {
    T run(int i) throws Exception;
  }

  /** Runs {@code n} tasks released at the same instant; returns their results in order. */
  static <T> List<T> concurrently(int n, Task<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        Callable<T> c =
            () -> {
              start.await();
              return task.run(k);
            };
        futures.add(pool.submit(c));
      }
      start.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(60, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
