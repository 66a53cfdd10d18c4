package dev.wsgate.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsgate.cluster.DisconnectOrder;
import dev.wsgate.cluster.DisconnectOutcome;
import dev.wsgate.gate.TicketGrant;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.VerifiedToken;
import dev.wsgate.testkit.Eventually;
import dev.wsgate.testkit.RedisProcess;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three in-process instances sharing one real redis-server: revocations, disconnects and tickets
 * across instances, Redis stopped mid-run, and Redis restarted empty.
 */
final class RedisClusterTest {
  private static final Duration SOON = Duration.ofSeconds(10);

  @TempDir Path dir;
  private RedisProcess redis;
  private Instances.Instance a;
  private Instances.Instance b;
  private Instances.Instance c;

  @BeforeEach
  void start() throws Exception {
    redis = RedisProcess.start(dir);
    a = new Instances.Instance(redis.uri(), Clock.systemUTC(), 2);
    b = new Instances.Instance(redis.uri(), Clock.systemUTC(), 3);
    c = new Instances.Instance(redis.uri(), Clock.systemUTC(), 0);
    for (Instances.Instance i : new Instances.Instance[] {a, b, c}) {
      assertThat(Eventually.holds(Duration.ofSeconds(30), () -> i.cluster.health().available()))
          .isTrue();
    }
  }

  @AfterEach
  void stop() throws Exception {
    a.close();
    b.close();
    c.close();
    redis.close();
  }

  private static VerifiedToken token(String subject, String jti) {
    return VerifiedToken.builder("fake", subject).tenant("acme").claims(Map.of("jti", jti)).build();
  }

  private static Instant inAnHour() {
    return Instant.now().plus(Duration.ofHours(1));
  }

  @Test
  void denial_onOneInstance_isAnsweredLocallyByEveryInstance() {
    a.denyList.denyTokenId("acme", "jti-1", inAnHour());
    b.denyList.denySubject("acme", "mallory", inAnHour());

    Instant now = Instant.now();
    for (Instances.Instance i : new Instances.Instance[] {a, b, c}) {
      assertThat(Eventually.holds(SOON, () -> i.denyList.isRevoked(token("alice", "jti-1"), now)))
          .isTrue();
      assertThat(Eventually.holds(SOON, () -> i.denyList.isRevoked(token("mallory", "x"), now)))
          .isTrue();
      assertThat(i.denyList.isRevoked(token("alice", "jti-2"), now)).isFalse();
    }
    // another tenant's subject of the same name is someone else
    assertThat(
            c.denyList.isRevoked(
                VerifiedToken.builder("fake", "mallory").tenant("globex").build(), now))
        .isFalse();
  }

  @Test
  void disconnect_onOneInstance_closesOnEveryInstanceAndCountsAcknowledgements() throws Exception {
    long start = System.nanoTime();
    DisconnectOutcome outcome =
        a.cluster
            .disconnect(new DisconnectOrder("acme", "mallory"))
            .toCompletableFuture()
            .get(2, TimeUnit.SECONDS);
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(outcome).isEqualTo(new DisconnectOutcome(5, 3, 3, true));
    assertThat(tookMillis).isLessThan(1000);
    for (Instances.Instance i : new Instances.Instance[] {a, b, c}) {
      assertThat(i.orders).containsExactly(new DisconnectOrder("acme", "mallory"));
    }
  }

  @Test
  void ticket_issuedOnOneInstance_isRedeemedOnceOnAnother() throws Exception {
    Instant now = Instant.now();
    TicketGrant grant =
        new TicketGrant(token("alice", "jti-9"), "https://app.example.com", now.plusSeconds(30));
    assertThat(a.cluster.tickets().put("digest-1", grant, now)).isTrue();
    assertThat(a.cluster.tickets().put("digest-1", grant, now)).as("a reused key").isFalse();

    TicketGrant taken = b.cluster.tickets().take("digest-1", now).orElseThrow();
    assertThat(taken.token()).isEqualTo(grant.token());
    assertThat(taken.origin()).isEqualTo("https://app.example.com");
    assertThat(c.cluster.tickets().take("digest-1", now)).as("redeemed once").isEmpty();
    // the time to live is Redis's: the key carries it
    assertThat(a.cluster.tickets().put("digest-2", grant, now)).isTrue();
    String ttl = redis.command("PTTL", "test:ticket:digest-2");
    assertThat(Long.parseLong(ttl.substring(1).trim())).isBetween(1L, 30_000L);
    // expired by the injected time, though Redis still holds it
    assertThat(b.cluster.tickets().take("digest-2", now.plusSeconds(31))).isEmpty();
  }

  @Test
  void redisStopped_decisionsComeWithinTheTimeout_andDenialsMadeMeanwhileSpreadOnReturn()
      throws Exception {
    a.denyList.denyTokenId("acme", "before", inAnHour());
    assertThat(
            Eventually.holds(SOON, () -> c.denyList.isRevoked(token("x", "before"), Instant.now())))
        .isTrue();

    redis.stop();
    assertThat(Eventually.holds(SOON, () -> !a.cluster.health().available())).isTrue();

    // revocations keep answering from the local copy
    assertThat(c.denyList.isRevoked(token("x", "before"), Instant.now())).isTrue();
    a.denyList.denyTokenId("acme", "during", inAnHour());
    assertThat(a.denyList.isRevoked(token("x", "during"), Instant.now())).isTrue();

    // disconnects reach this instance only, and say so, within the wait
    long start = System.nanoTime();
    DisconnectOutcome outcome =
        a.cluster
            .disconnect(new DisconnectOrder(null, "mallory"))
            .toCompletableFuture()
            .get(2, TimeUnit.SECONDS);
    assertThat(outcome).isEqualTo(DisconnectOutcome.localOnly(2));
    assertThat(b.orders).isEmpty();

    // tickets fail closed, within the command timeout
    Instant now = Instant.now();
    TicketGrant grant =
        new TicketGrant(token("alice", "t"), "https://a.example", now.plusSeconds(30));
    assertThatThrownBy(() -> b.cluster.tickets().take("k", now))
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.TICKET_STORE_UNAVAILABLE));
    assertThatThrownBy(() -> a.cluster.tickets().put("k", grant, now))
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.TICKET_STORE_UNAVAILABLE));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1500);
    assertThat(a.cluster.health().failures()).isPositive();

    // Redis returns (empty): the denial made meanwhile reaches the others, the older one is
    // written back, and everything is available again
    redis.restart();
    for (Instances.Instance i : new Instances.Instance[] {a, b, c}) {
      assertThat(Eventually.holds(SOON, () -> i.cluster.health().available())).isTrue();
    }
    assertThat(
            Eventually.holds(SOON, () -> c.denyList.isRevoked(token("x", "during"), Instant.now())))
        .isTrue();
    assertThat(Eventually.holds(SOON, () -> field(redis, "before") && field(redis, "during")))
        .isTrue();
    DisconnectOutcome after =
        b.cluster
            .disconnect(new DisconnectOrder(null, "mallory"))
            .toCompletableFuture()
            .get(2, TimeUnit.SECONDS);
    assertThat(after).isEqualTo(new DisconnectOutcome(5, 3, 3, true));
  }

  @Test
  void redisRestartedEmpty_theDenyListIsRebuiltFromTheInstancesCopies() throws Exception {
    a.denyList.denySubject("acme", "mallory", inAnHour());
    b.denyList.denyTokenId("acme", "jti-7", inAnHour());
    assertThat(Eventually.holds(SOON, () -> field(redis, "mallory") && field(redis, "jti-7")))
        .isTrue();

    redis.restart();
    assertThat(redis.command("HLEN", "test:denials")).isEqualTo(":0\r\n");

    assertThat(Eventually.holds(SOON, () -> field(redis, "mallory") && field(redis, "jti-7")))
        .isTrue();
    // an instance that starts after the loss learns both from Redis
    try (Instances.Instance late = new Instances.Instance(redis.uri(), Clock.systemUTC(), 0)) {
      assertThat(
              Eventually.holds(
                  SOON, () -> late.denyList.isRevoked(token("mallory", "jti-7"), Instant.now())))
          .isTrue();
      assertThat(late.denyList.active(Instant.now())).hasSize(2);
    }
  }

  private static boolean field(RedisProcess redis, String value) {
    try {
      return redis.command("HKEYS", "test:denials").contains(value);
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
