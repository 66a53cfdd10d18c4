package dev.wsgate.internal.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The key-set rules with made-up time: no sleeps, no network. */
final class KeySetTest {
  private static final KeyPolicy POLICY =
      new KeyPolicy(Duration.ofSeconds(30), Duration.ofHours(1));

  private final ManualScheduler time = new ManualScheduler();
  private final ScriptedSource source = new ScriptedSource();
  private final KeySet<Set<String>> keys = new KeySet<>(source, POLICY, time, time, () -> 0.5);

  @AfterEach
  void close() {
    keys.close();
  }

  /** A key set that has fetched {@code kids} once. */
  private void loaded(String... kids) {
    source.publish(kids);
    keys.start();
    time.runQueued();
    assertThat(keys.isReady()).isTrue();
  }

  private static Failure failure(CompletableFuture<?> f) {
    assertThat(f).isCompletedExceptionally();
    Throwable t = Verifications.unwrap(f.handle((v, e) -> e).join());
    assertThat(t).isInstanceOf(AuthenticationException.class);
    return ((AuthenticationException) t).failure();
  }

  @Test
  void forKid_heldKid_completesAtOnceWithoutAFetch() {
    loaded("a", "b");
    assertThat(keys.forKid("b")).isCompletedWithValue(Set.of("a", "b"));
    assertThat(time.queued()).isZero();
    assertThat(source.fetches()).isEqualTo(1);
  }

  @Test
  void forKid_coldKeySet_everyLookupWaitsOnTheOneFetch() {
    source.publish("a");
    keys.start();
    List<CompletableFuture<Set<String>>> waiting = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      waiting.add(keys.forKid("a"));
    }
    assertThat(waiting).noneMatch(CompletableFuture::isDone);
    assertThat(keys.isReady()).isFalse();
    assertThat(time.queued()).isEqualTo(1);

    time.runQueued();
    assertThat(waiting).allMatch(f -> f.join().contains("a"));
    assertThat(source.fetches()).isEqualTo(1);
  }

  @Test
  void forKid_keyPublishedAfterStart_refetchedAtOnceAndAccepted() {
    loaded("a");
    source.publish("a", "b");
    CompletableFuture<Set<String>> b = keys.forKid("b");
    time.runQueued();
    assertThat(b).isCompletedWithValue(Set.of("a", "b"));
    assertThat(source.fetches()).isEqualTo(2);
  }

  @Test
  void forKid_forgedKidStorm_atMostOneFetchPerCooldown() {
    loaded("a");
    List<CompletableFuture<Set<String>>> forged = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      forged.add(keys.forKid("forged-" + ThreadLocalRandom.current().nextLong()));
      if (i % 100 == 99) {
        time.advance(Duration.ofMillis(100)); // 1,000 tokens within one second
      }
    }
    time.runQueued();
    assertThat(forged).allMatch(f -> failure(f) == Failure.UNKNOWN_KEY);
    assertThat(source.fetches()).as("the start-up fetch and one refetch").isEqualTo(2);
    assertThat(keys.forKid("a")).isCompletedWithValue(Set.of("a"));

    time.advance(KeySet.REFETCH_COOLDOWN);
    CompletableFuture<Set<String>> again = keys.forKid("forged-again");
    time.runQueued();
    assertThat(failure(again)).isEqualTo(Failure.UNKNOWN_KEY);
    assertThat(source.fetches()).as("one more once the cooldown passed").isEqualTo(3);
  }

  @Test
  void forKid_keyPublishedRightAfterARefetch_acceptedWithinTheCooldown() {
    loaded("a");
    CompletableFuture<Set<String>> forged = keys.forKid("forged");
    time.runQueued();
    assertThat(failure(forged)).isEqualTo(Failure.UNKNOWN_KEY);
    source.publish("a", "b");

    Duration waited = Duration.ZERO;
    CompletableFuture<Set<String>> b = keys.forKid("b");
    time.runQueued();
    while (b.isCompletedExceptionally()) {
      assertThat(failure(b)).isEqualTo(Failure.UNKNOWN_KEY);
      time.advance(Duration.ofMillis(100)); // a client retrying ten times a second
      waited = waited.plusMillis(100);
      b = keys.forKid("b");
      time.runQueued();
    }
    assertThat(b.join()).contains("b");
    assertThat(waited).isLessThanOrEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void forKid_fetchInFlightStartedBeforeThePublication_refetchesOnceMore() {
    loaded("a");
    time.advance(Duration.ofMinutes(5).minusSeconds(20)); // refresh-ahead window
    assertThat(keys.forKid("a")).isCompletedWithValue(Set.of("a"));
    assertThat(time.queued()).as("a background refresh").isEqualTo(1);
    CompletableFuture<Set<String>> b = keys.forKid("b"); // joins the refresh, then its own
    time.runOne(); // the refresh does not see b yet
    assertThat(b).isNotDone();
    assertThat(time.queued()).as("b's own refetch").isEqualTo(1);
    source.publish("a", "b");
    time.runQueued();
    assertThat(b).isCompletedWithValue(Set.of("a", "b"));
    assertThat(source.fetches()).isEqualTo(3);
  }

  @Test
  void any_tokenWithoutKid_getsTheHeldKeys() {
    loaded("only");
    assertThat(keys.any()).isCompletedWithValue(Set.of("only"));
  }

  @Test
  void noKeys_keyServerDown_lookupsFailFastAndOneFetchPerRetryStep() {
    source.down();
    keys.start();
    CompletableFuture<Set<String>> first = keys.forKid("a");
    time.runQueued();
    assertThat(failure(first)).isEqualTo(Failure.PROVIDER_UNAVAILABLE);

    for (int step = 0; step < 8; step++) {
      int before = source.fetches();
      for (int i = 0; i < 50; i++) {
        assertThat(failure(keys.forKid("a"))).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
      }
      assertThat(time.queued()).as("no handshake starts a fetch").isZero();
      time.advance(time.delays().get(time.delays().size() - 1));
      assertThat(source.fetches()).as("one fetch in step %d", step).isEqualTo(before + 1);
    }
    // jitter 0.5: three quarters of each step of 0.5, 1, 2, then 2.5 s
    assertThat(time.delays())
        .startsWith(
            Duration.ofMillis(375),
            Duration.ofMillis(750),
            Duration.ofMillis(1500),
            Duration.ofMillis(1875),
            Duration.ofMillis(1875));
    assertThat(keys.isReady()).isFalse();
  }

  @Test
  void noKeys_keyServerBack_firstLookupAfterTheNextStepIsAccepted() {
    source.down();
    keys.start();
    time.runQueued();
    for (int i = 0; i < 10; i++) {
      time.advance(time.delays().get(time.delays().size() - 1)); // a long outage
    }
    source.publish("a");
    Duration waited = Duration.ZERO;
    while (!keys.isReady()) {
      assertThat(failure(keys.forKid("a"))).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
      time.advance(Duration.ofMillis(100));
      waited = waited.plusMillis(100);
    }
    assertThat(keys.forKid("a")).isCompletedWithValue(Set.of("a"));
    assertThat(waited).isLessThanOrEqualTo(Duration.ofSeconds(3));
    assertThat(time.pendingTimers()).as("no retry once keys are held").isZero();
  }

  @Test
  void noKeys_lookupWhileARetryRuns_waitsForIt() {
    source.down();
    keys.start();
    time.runQueued();
    source.publish("a");
    Duration step = time.delays().get(0);
    time.fire(step.minusMillis(1));
    assertThat(failure(keys.forKid("a")))
        .as("before the retry")
        .isEqualTo(Failure.PROVIDER_UNAVAILABLE);
    time.fire(Duration.ofMillis(1));
    CompletableFuture<Set<String>> during = keys.forKid("a");
    assertThat(during).isNotDone();
    time.runQueued();
    assertThat(during).isCompletedWithValue(Set.of("a"));
  }

  @Test
  void retryDelay_doublesFromHalfASecondToAtMostTwoAndAHalf() {
    assertThat(KeySet.retryDelay(1, 0.0)).isEqualTo(Duration.ofMillis(250));
    assertThat(KeySet.retryDelay(1, 0.999))
        .isBetween(Duration.ofMillis(499), Duration.ofMillis(500));
    assertThat(KeySet.retryDelay(2, 0.0)).isEqualTo(Duration.ofMillis(500));
    assertThat(KeySet.retryDelay(3, 0.0)).isEqualTo(Duration.ofMillis(1000));
    assertThat(KeySet.retryDelay(4, 0.999)).isLessThanOrEqualTo(KeySet.MAX_RETRY);
    assertThat(KeySet.retryDelay(60, 0.999)).isLessThanOrEqualTo(KeySet.MAX_RETRY);
    assertThat(KeySet.retryDelay(60, 0.0)).isEqualTo(KeySet.MAX_RETRY.dividedBy(2));
  }

  @Test
  void refreshAhead_lookupAnsweredFromHeldKeysWhileTheRefreshRuns() {
    loaded("a");
    time.advance(Duration.ofMinutes(5).minusSeconds(29));
    source.publish("b"); // a retired, b published
    assertThat(keys.forKid("a")).isCompletedWithValue(Set.of("a"));
    assertThat(time.queued()).isEqualTo(1);
    assertThat(keys.forKid("a")).as("one refresh at a time").isCompletedWithValue(Set.of("a"));
    time.runQueued();
    assertThat(keys.forKid("b")).isCompletedWithValue(Set.of("b"));
    assertThat(source.fetches()).isEqualTo(2);
  }

  @Test
  void staleIfError_failedRefreshes_keysKeptAndRetriedOncePerCooldown() {
    loaded("a");
    source.down();
    time.advance(Duration.ofMinutes(10)); // past the ttl, within stale-if-error
    for (int i = 0; i < 100; i++) {
      assertThat(keys.forKid("a")).isCompletedWithValue(Set.of("a"));
      time.runQueued();
      time.advance(Duration.ofMillis(100));
    }
    assertThat(source.fetches()).as("the first; then at 0, 4 and 8 s of 10 s").isEqualTo(4);
    assertThat(keys.isReady()).isTrue();
  }

  @Test
  void staleIfError_outageOutlastsIt_unavailableAndRetriedWithBackoff() {
    loaded("a");
    source.down();
    time.advance(Duration.ofMinutes(5).plus(Duration.ofHours(1)));
    CompletableFuture<Set<String>> late = keys.forKid("a");
    assertThat(time.queued()).as("the lookup that found them aged starts a fetch").isEqualTo(1);
    time.runQueued();
    assertThat(failure(late)).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
    assertThat(keys.isReady()).isFalse();
    assertThat(time.pendingTimers()).isEqualTo(1);
  }

  @Test
  void isReady_keysAgedOutWithoutHandshakes_startsAFetch() {
    loaded("a");
    time.advance(Duration.ofHours(2));
    assertThat(keys.isReady()).isFalse();
    time.runQueued();
    assertThat(keys.isReady()).isTrue();
    assertThat(source.fetches()).isEqualTo(2);
  }

  @Test
  void flappingKeyServer_noValidLookupRefusedWhileKeysAreHeld() {
    source.ttl(Duration.ofSeconds(1)).down(); // starts down: nothing held at first
    keys.start();
    time.runQueued();
    int refusedWhileHeld = 0;
    int refusedWithout = 0;
    for (int tick = 0; tick < 600; tick++) { // a minute, ten handshakes a second
      boolean up = (tick / 20) % 2 == 1; // down 2 s, up 2 s, ...
      if (up) {
        source.publish("a");
      } else {
        source.down();
      }
      boolean held = keys.held().isPresent();
      CompletableFuture<Set<String>> f = keys.forKid("a");
      time.runQueued();
      if (f.isCompletedExceptionally()) {
        assertThat(failure(f)).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
        if (held) {
          refusedWhileHeld++;
        } else {
          refusedWithout++;
        }
      }
      time.advance(Duration.ofMillis(100));
    }
    assertThat(refusedWhileHeld).isZero();
    assertThat(refusedWithout).as("only before the first success").isGreaterThan(0);
  }

  @Test
  void close_waitingLookups_failAsUnavailableAndNothingRunsAgain() {
    source.publish("a");
    keys.start();
    CompletableFuture<Set<String>> waiting = keys.forKid("a");
    keys.close();
    assertThat(failure(waiting)).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
    assertThat(failure(keys.forKid("a"))).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
    assertThat(time.isClosed()).isTrue();
    keys.close();
  }

  @Test
  void fetches_reportedToTheSourceWithTheirOutcome() {
    source.down();
    keys.start();
    time.runQueued();
    source.publish("a");
    time.advance(KeySet.MAX_RETRY);
    assertThat(source.outcomes).containsExactly(false, true);
  }
}
