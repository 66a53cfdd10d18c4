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
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.VerifiedToken;
import dev.wsgate.testkit.ManualKeyScheduler;
import dev.wsgate.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A key server that is slow, failing, resetting or talking nonsense, with warm and cold caches. */
final class OutageToleranceTest {
  private static final RSAKey A = TokenFixtures.rsa("key-a");
  private static final String GOOD = TokenFixtures.jwks(A);

  /** Every way a key server fails us. */
  enum Outage {
    SLOW(aResponse().withFixedDelay(5_000).withBody(GOOD)),
    TRICKLE(aResponse().withBody(GOOD).withChunkedDribbleDelay(20, 6_000)),
    SERVER_ERROR(aResponse().withStatus(500).withBody("oops")),
    CONNECTION_RESET(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
    RANDOM_BYTES(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)),
    NOT_JSON(aResponse().withStatus(200).withBody("<html>maintenance</html>")),
    MALFORMED_JSON(okJson("{\"keys\": [{\"kty\": \"RSA\", ")),
    KEYS_NOT_A_LIST(okJson("{\"keys\": \"none\"}")),
    NO_KEYS(okJson("{\"keys\": []}")),
    FIVE_MEGABYTES(okJson("{\"keys\": [], \"pad\": \"" + "x".repeat(5 << 20) + "\"}"));

    final ResponseDefinitionBuilder response;

    Outage(ResponseDefinitionBuilder response) {
      this.response = response;
    }
  }

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
        // short enough that the 5 s delay and the 6 s trickle are outages, long enough that a
        // loaded machine still answers the warm-up fetch
        "connect-timeout",
        "1s",
        "read-timeout",
        "2s");
  }

  private String token() {
    return token(clock);
  }

  private static String token(java.time.Clock clock) {
    Instant now = clock.instant();
    return TokenFixtures.sign(
        A,
        JWSAlgorithm.RS256,
        TokenFixtures.claims("alice", now, now.plus(Duration.ofHours(3))).build());
  }

  private static void fail(Outage outage) {
    IDP.stubFor(get("/jwks.json").willReturn(outage.response));
  }

  private static int fetches() {
    return IDP.countRequestsMatching(getRequestedFor(urlEqualTo("/jwks.json")).build()).getCount();
  }

  @ParameterizedTest
  @EnumSource(Outage.class)
  void verify_outageAfterWarmCache_keepsVerifyingWithoutWaiting(Outage outage) throws Exception {
    IDP.stubFor(get("/jwks.json").willReturn(okJson(GOOD)));
    ManualKeyScheduler time = new ManualKeyScheduler(clock.instant());
    try (JwksTokenVerifier v = Verifiers.manual(config(), time)) {
      String token = token(time);
      CompletableFuture<VerifiedToken> first =
          v.verifyAsync(token, at(time), Runnable::run).toCompletableFuture();
      time.runQueued();
      assertThat(first.join().subject()).isEqualTo("alice");
      fail(outage);

      time.advance(JwksSettings.DEFAULT_CACHE_TTL.minusSeconds(10));
      assertThat(v.verify(token, at(time)).subject()).isEqualTo("alice");
      assertThat(time.queued()).isEqualTo(1);
      time.runQueued(); // the background refresh meets the outage
      // the JDK's HttpURLConnection resends a GET once when the connection is reset
      assertThat(fetches()).isBetween(2, 3);

      time.advance(Duration.ofMinutes(30)); // past cache-ttl, within stale-if-error
      int before = fetches();
      assertThat(v.verify(token, at(time)).subject()).isEqualTo("alice");
      assertThat(fetches()).as("the handshake did not wait for a fetch").isEqualTo(before);
      assertThat(v.isReady()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Outage.class)
  void verify_outageWithColdCache_rejectsWithProviderUnavailableQuickly(Outage outage) {
    fail(outage);
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          try (JwksTokenVerifier v = Verifiers.cold(config(), clock)) {
            assertRejected(v, token(), clock, Failure.PROVIDER_UNAVAILABLE);
            assertThat(v.isReady()).isFalse();
          }
        });
  }

  @Test
  void verify_manyHandshakesDuringColdOutage_allRejectedWithoutHanging() {
    fail(Outage.SLOW);
    assertTimeoutPreemptively(
        Duration.ofSeconds(15),
        () -> {
          try (JwksTokenVerifier v = Verifiers.cold(config(), clock)) {
            String token = token();
            List<Failure> failures =
                KeyFetchingTest.concurrently(
                    20,
                    i ->
                        ((AuthenticationException) catchThrowable(() -> v.verify(token, at(clock))))
                            .failure());
            assertThat(failures).containsOnly(Failure.PROVIDER_UNAVAILABLE);
          }
        });
    assertThat(fetches()).as("queued handshakes do not each retry").isLessThanOrEqualTo(2);
  }

  @Test
  void verify_coldOutage_oneFetchPerRetryStepAndNeverUnknownKey() {
    fail(Outage.SERVER_ERROR);
    ManualKeyScheduler time = new ManualKeyScheduler(clock.instant());
    try (JwksTokenVerifier v = Verifiers.manual(config(), time)) {
      String token = token(time);
      CompletableFuture<VerifiedToken> first =
          v.verifyAsync(token, at(time), Runnable::run).toCompletableFuture();
      time.runQueued();
      assertThat(first).isCompletedExceptionally();
      for (int step = 1; step <= 6; step++) {
        for (int i = 0; i < 10; i++) {
          assertRejected(v, token, time, Failure.PROVIDER_UNAVAILABLE);
        }
        assertThat(fetches()).as("one fetch per step, step %d", step).isEqualTo(step);
        time.advance(time.delays().get(time.delays().size() - 1));
      }
    }
  }

  @Test
  void verify_outageOutlastingStaleIfError_rejectsWithProviderUnavailable() throws Exception {
    IDP.stubFor(get("/jwks.json").willReturn(okJson(GOOD)));
    try (JwksTokenVerifier v = Verifiers.cold(config(), clock)) {
      String token = token();
      v.verify(token, at(clock));
      fail(Outage.SERVER_ERROR);
      clock.advance(
          JwksSettings.DEFAULT_CACHE_TTL.plus(JwksSettings.DEFAULT_STALE_IF_ERROR).plusSeconds(1));
      assertRejected(v, token, clock, Failure.PROVIDER_UNAVAILABLE);
    }
  }

  @Test
  void verify_keySetOverMaxResponseBytes_refusedEvenWithoutContentLength() throws Exception {
    String padded =
        GOOD.substring(0, GOOD.length() - 1) + ",\"pad\":\"" + "x".repeat(100_000) + "\"}";
    IDP.stubFor(
        get("/jwks.json").willReturn(aResponse().withBody(padded).withChunkedDribbleDelay(4, 100)));
    Map<String, String> small = new HashMap<>(config());
    small.put("max-response-bytes", "65536");
    try (JwksTokenVerifier v = Verifiers.cold(small, clock)) {
      assertRejected(v, token(), clock, Failure.PROVIDER_UNAVAILABLE);
    }
    Map<String, String> large = new HashMap<>(config());
    large.put("max-response-bytes", "200000");
    try (JwksTokenVerifier v = Verifiers.cold(large, clock)) {
      assertThat(v.verify(token(), at(clock)).subject()).isEqualTo("alice");
    }
  }
}
