package dev.wsgate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.VerifiedToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class TicketsTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String APP = "https://app.example.com";
  private static final VerifiedToken ALICE =
      VerifiedToken.builder("hmac", "alice")
          .expiresAt(NOW.plusSeconds(3600))
          .tenant("acme")
          .build();

  private static Tickets tickets() {
    return Tickets.inMemory(Tickets.DEFAULT_TTL, CLOCK);
  }

  private static Failure failureOf(ThrowingRedeem r) {
    try {
      r.run();
    } catch (AuthenticationException e) {
      assertThat(e.getMessage()).isNotBlank();
      return e.failure();
    }
    throw new AssertionError("redeemed");
  }

  @FunctionalInterface
  private interface ThrowingRedeem {
    void run() throws AuthenticationException;
  }

  @Test
  void issue_is256RandomBitsInUnpaddedBase64url() throws Exception {
    Tickets t = tickets();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      IssuedTicket ticket = t.issue(ALICE, APP);
      assertThat(ticket.value()).hasSize(43).matches("[A-Za-z0-9_-]+");
      assertThat(ticket.expiresIn()).isEqualTo(Duration.ofSeconds(30));
      seen.add(ticket.value());
    }
    assertThat(seen).hasSize(1000);
  }

  @Test
  void issuedTicket_printsOnlyAFingerprint_andTheEndpointsJson() throws Exception {
    IssuedTicket ticket = tickets().issue(ALICE, APP);
    assertThat(ticket.toString())
        .doesNotContain(ticket.value())
        .contains(Redaction.fingerprint(ticket.value()));
    assertThat(ticket.json())
        .isEqualTo("{\"ticket\":\"" + ticket.value() + "\",\"expires_in\":30}");
  }

  @Test
  void redeem_once_givesTheVerifiedToken_thenIsInvalid() throws Exception {
    Tickets t = tickets();
    String ticket = t.issue(ALICE, APP).value();
    assertThat(t.redeem(ticket, "acme", APP, NOW)).isEqualTo(ALICE);
    assertThat(failureOf(() -> t.redeem(ticket, "acme", APP, NOW)))
        .isEqualTo(Failure.INVALID_TICKET);
  }

  @Test
  void redeem_unknownTicket_isInvalid() {
    assertThat(failureOf(() -> tickets().redeem("A".repeat(43), "acme", APP, NOW)))
        .isEqualTo(Failure.INVALID_TICKET);
  }

  @Test
  void redeem_atTheEndOfItsLifetime_isInvalid() throws Exception {
    Tickets t = tickets();
    String ticket = t.issue(ALICE, APP).value();
    assertThat(failureOf(() -> t.redeem(ticket, "acme", APP, NOW.plusSeconds(30))))
        .isEqualTo(Failure.INVALID_TICKET);
    String fresh = t.issue(ALICE, APP).value();
    assertThat(t.redeem(fresh, "acme", APP, NOW.plusMillis(29_999))).isEqualTo(ALICE);
  }

  @Test
  void redeem_atAnotherTenantOrFromAnotherOrigin_isInvalidAndBurnsTheTicket() throws Exception {
    Tickets t = tickets();
    String atGlobex = t.issue(ALICE, APP).value();
    assertThat(failureOf(() -> t.redeem(atGlobex, "globex", APP, NOW)))
        .isEqualTo(Failure.INVALID_TICKET);
    assertThat(failureOf(() -> t.redeem(atGlobex, "acme", APP, NOW)))
        .isEqualTo(Failure.INVALID_TICKET);

    String fromEvil = t.issue(ALICE, APP).value();
    assertThat(failureOf(() -> t.redeem(fromEvil, "acme", "https://evil.example.com", NOW)))
        .isEqualTo(Failure.INVALID_TICKET);
    assertThat(failureOf(() -> t.redeem(fromEvil, "acme", null, NOW)))
        .isEqualTo(Failure.INVALID_TICKET);
    assertThat(failureOf(() -> t.redeem(fromEvil, "acme", APP, NOW)))
        .isEqualTo(Failure.INVALID_TICKET);
  }

  @Test
  void issue_originIsNormalizedAsTheGateNormalizesIt() throws Exception {
    Tickets t = tickets();
    String ticket = t.issue(ALICE, "HTTPS://App.Example.COM:443").value();
    assertThat(t.redeem(ticket, "acme", APP, NOW)).isEqualTo(ALICE);
  }

  @Test
  void issue_notAnOrigin_throws() {
    assertThatThrownBy(() -> tickets().issue(ALICE, "null"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tickets().issue(ALICE, "ftp://files.example.com"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void redeem_raceOfEightThreads_exactlyOneWins() throws Exception {
    Tickets t = tickets();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 200; round++) {
        String ticket = t.issue(ALICE, APP).value();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          outcomes.add(
              pool.submit(
                  () -> {
                    start.await();
                    try {
                      t.redeem(ticket, "acme", APP, NOW);
                      return true;
                    } catch (AuthenticationException e) {
                      return false;
                    }
                  }));
        }
        start.countDown();
        int wins = 0;
        for (Future<Boolean> f : outcomes) {
          wins += f.get(10, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(wins).as("round %d", round).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void store_holdsDigestsOnly_neverTheTicket() throws Exception {
    List<String> keys = new ArrayList<>();
    TicketStore recording =
        new TicketStore() {
          private final InMemoryTicketStore store = new InMemoryTicketStore(10);

          @Override
          public boolean put(String key, TicketGrant grant, Instant now) {
            keys.add(key);
            return store.put(key, grant, now);
          }

          @Override
          public Optional<TicketGrant> take(String key, Instant now) {
            return store.take(key, now);
          }
        };
    Tickets t = new Tickets(recording, Duration.ofSeconds(10), CLOCK);
    String ticket = t.issue(ALICE, APP).value();
    assertThat(keys).hasSize(1);
    assertThat(keys.get(0)).isNotEqualTo(ticket).doesNotContain(ticket.substring(0, 8));
    assertThat(t.redeem(ticket, "acme", APP, NOW)).isEqualTo(ALICE);
  }

  @Test
  void issue_storeFullOfLiveTickets_isRateLimited_expiredOnesMakeRoom() throws Exception {
    InMemoryTicketStore store = new InMemoryTicketStore(2);
    Tickets now = new Tickets(store, Duration.ofSeconds(10), CLOCK);
    now.issue(ALICE, APP);
    now.issue(ALICE, APP);
    assertThatThrownBy(() -> now.issue(ALICE, APP))
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.RATE_LIMITED));
    assertThat(store.size()).isEqualTo(2);

    InMemoryTicketStore stale = new InMemoryTicketStore(2);
    Tickets before =
        new Tickets(stale, Duration.ofSeconds(10), Clock.offset(CLOCK, Duration.ofSeconds(-20)));
    before.issue(ALICE, APP);
    before.issue(ALICE, APP);
    new Tickets(stale, Duration.ofSeconds(10), CLOCK).issue(ALICE, APP);
    assertThat(stale.size()).isEqualTo(1);
  }

  @Test
  void constructor_ttlOutsideZeroToFiveMinutes_throws() {
    InMemoryTicketStore store = new InMemoryTicketStore(1);
    for (Duration bad : List.of(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofSeconds(301))) {
      assertThatThrownBy(() -> new Tickets(store, bad, CLOCK))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at most 5m");
    }
    assertThat(new Tickets(store, Tickets.MAX_TTL, CLOCK).ttl()).isEqualTo(Duration.ofMinutes(5));
  }
}
