package dev.wsgate.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.cluster.ConnectionLeases;
import dev.wsgate.cluster.ConnectionLeases.Lease;
import dev.wsgate.cluster.ConnectionLeases.Limit;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Three instances (separate objects on separate connections) sharing one real redis-server. The
 * exchanges are stepped by hand ({@code sync()}) and lease expiry is driven by the clock.
 */
final class RedisConnectionLeasesTest extends SharedRedis {
  private static final KeyPrefix PREFIX = new KeyPrefix("t");
  private static final Duration LEASE = Duration.ofSeconds(15);

  private Instance instance(int maxTotal, int maxPerSubject) {
    return instance(maxTotal, maxPerSubject, Duration.ofMillis(300));
  }

  private Instance instance(int maxTotal, int maxPerSubject, Duration timeout) {
    RedisLink link = link();
    LeaseSettings settings =
        new LeaseSettings(maxTotal, maxPerSubject, LEASE, Duration.ofMillis(200), timeout, 100);
    Instance i = new Instance(link, new RedisConnectionLeases(link, PREFIX, clock, settings));
    toClose.add(i);
    return i;
  }

  private record Instance(RedisLink link, RedisConnectionLeases leases) implements AutoCloseable {
    Lease open(String subject) {
      ConnectionLeases.Outcome o = leases.acquire("t1", subject);
      assertThat(o.lease()).as("lease for " + subject).isNotNull();
      return o.lease();
    }

    Limit refused(String subject) {
      ConnectionLeases.Outcome o = leases.acquire("t1", subject);
      assertThat(o.refusedBy()).as("refusal for " + subject).isNotNull();
      return o.refusedBy();
    }

    void sync() {
      assertThat(leases.sync()).as("exchange").isTrue();
    }

    @Override
    public void close() {
      leases.close();
      link.close();
    }
  }

  /**
   * Two rounds of exchanges: every instance publishes in the first and reads what all published in
   * the second, the documented bound (two sync intervals) after which a limit holds everywhere.
   */
  private static void syncAll(Instance... instances) {
    for (int round = 0; round < 2; round++) {
      for (Instance i : instances) {
        i.sync();
      }
    }
  }

  @Test
  void perSubjectCap_heldAcrossInstances_nextOneRefusedWhereverItLands() {
    Instance a = instance(0, 3);
    Instance b = instance(0, 3);
    Instance c = instance(0, 3);
    syncAll(a, b, c);
    a.open("alice");
    a.open("alice");
    b.open("alice");
    syncAll(a, b, c);

    assertThat(a.refused("alice")).isEqualTo(Limit.SUBJECT);
    assertThat(b.refused("alice")).isEqualTo(Limit.SUBJECT);
    assertThat(c.refused("alice")).as("an instance that never held alice").isEqualTo(Limit.SUBJECT);
    c.open("bob");
    assertThat(a.leases.instances()).isEqualTo(3);
  }

  @Test
  void release_onOneInstance_freesTheSubjectsPlaceOnTheOthers() {
    Instance a = instance(0, 2);
    Instance b = instance(0, 2);
    syncAll(a, b);
    Lease first = a.open("alice");
    b.open("alice");
    syncAll(a, b);
    assertThat(b.refused("alice")).isEqualTo(Limit.SUBJECT);

    first.release();
    first.release(); // idempotent
    syncAll(a, b);

    b.open("alice");
    syncAll(a, b);
    assertThat(a.refused("alice")).isEqualTo(Limit.SUBJECT);
  }

  @Test
  void changeOnAnotherInstance_reachesAnInstanceThatHoldsTheSubject_withoutTouchingIt() {
    Instance a = instance(0, 3);
    Instance b = instance(0, 3);
    syncAll(a, b);
    a.open("alice");
    Lease onB = b.open("alice");
    b.open("alice");
    syncAll(a, b);
    onB.release();
    syncAll(a, b);

    a.open("alice"); // a learnt that b gave one back, though a's own count never changed
    syncAll(a, b);
    assertThat(a.refused("alice")).isEqualTo(Limit.SUBJECT);
    assertThat(b.refused("alice")).isEqualTo(Limit.SUBJECT);
  }

  @Test
  void totalCap_heldAcrossInstances() throws Exception {
    Instance a = instance(3, 0);
    Instance b = instance(3, 0);
    syncAll(a, b);
    a.open("u1");
    a.open("u2");
    b.open("u3");
    syncAll(a, b);

    assertThat(a.refused("u4")).isEqualTo(Limit.TOTAL);
    assertThat(b.refused("u4")).isEqualTo(Limit.TOTAL);
    assertThat(redis.command("HGET", "t:conn:counts", "*")).isEqualTo("$1\r\n3\r\n");
  }

  @Test
  void crashedInstance_stopsCountingWithinTheLeaseTime_byClock() {
    Instance a = instance(0, 2);
    Instance b = instance(0, 2);
    syncAll(a, b);
    a.open("alice");
    a.open("alice");
    syncAll(a, b);
    assertThat(b.refused("alice")).isEqualTo(Limit.SUBJECT);
    a.link.close(); // crashed: no more renewals, nothing released

    clock.advance(LEASE.minusSeconds(1));
    b.sync();
    assertThat(b.refused("alice")).as("still within a's lease").isEqualTo(Limit.SUBJECT);
    clock.advance(Duration.ofSeconds(2));
    b.sync();

    b.open("alice");
    b.open("alice");
    assertThat(b.leases.instances()).isEqualTo(1);
  }

  @Test
  void redisStopped_decisionsComeAtOnce_onThisInstancesShare() throws Exception {
    Instance a = instance(4, 2);
    Instance b = instance(4, 2);
    syncAll(a, b);
    a.open("alice");
    syncAll(a, b);
    redis.stop();

    long began = System.nanoTime();
    assertThat(a.leases.sync()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(2));
    assertThat(a.leases.degraded()).isTrue();

    began = System.nanoTime();
    assertThat(a.refused("alice")).as("a's share of 2 over 2 instances").isEqualTo(Limit.SUBJECT);
    a.open("bob");
    assertThat(a.refused("carol")).as("a's share of 4 over 2 instances").isEqualTo(Limit.TOTAL);
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofMillis(100));
  }

  @Test
  void redisRestartedEmpty_instancesRepublish_countsRightAgain() throws Exception {
    Instance a = instance(0, 3);
    Instance b = instance(0, 3);
    syncAll(a, b);
    Lease a1 = a.open("alice");
    a.open("alice");
    b.open("alice");
    syncAll(a, b);
    redis.restart();
    a1.release(); // while Redis is away: must not be lost

    awaitSync(a);
    awaitSync(b);
    syncAll(a, b); // a second round: nothing may be counted twice

    assertThat(redis.command("HGET", "t:conn:counts", "t1\u0000alice")).isEqualTo("$1\r\n2\r\n");
    assertThat(a.leases.degraded()).isFalse();
    a.open("alice");
    syncAll(a, b);
    assertThat(b.refused("alice")).isEqualTo(Limit.SUBJECT);
  }

  @Test
  void replacement_ofManySubjects_goesInChunks_andArrivesWhole() throws Exception {
    // a loaded shared machine still meets it: a script that timed out would still run and count
    Instance a = instance(0, 5, Duration.ofSeconds(1));
    int subjects = 2 * RedisConnectionLeases.SUBJECTS_PER_REPLACEMENT + 500;
    for (int i = 0; i < subjects; i++) {
      a.open("user-" + i);
    }
    redis.command("CONFIG", "RESETSTAT");
    a.sync(); // the first exchange publishes everything

    assertThat(evalCalls()).as("one script per 1,000 subjects").isEqualTo(3);
    assertThat(redis.command("HLEN", "t:conn:counts")).isEqualTo(":" + (subjects + 1) + "\r\n");

    redis.command("FLUSHALL"); // as after a restart that lost everything
    redis.command("CONFIG", "RESETSTAT");
    a.sync();

    assertThat(evalCalls()).as("the exchange that finds Redis empty, then the chunks").isEqualTo(4);
    assertThat(redis.command("HLEN", "t:conn:counts")).isEqualTo(":" + (subjects + 1) + "\r\n");
    assertThat(redis.command("HGET", "t:conn:counts", "*")).isEqualTo("$4\r\n" + subjects + "\r\n");
    a.open("user-0");
    a.sync();
    assertThat(redis.command("HGET", "t:conn:counts", "t1\u0000user-0")).isEqualTo("$1\r\n2\r\n");
  }

  private int evalCalls() throws Exception {
    Matcher m =
        Pattern.compile("cmdstat_eval:calls=(\\d+)").matcher(redis.command("INFO", "commandstats"));
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  /** The first exchange after a restart can fail while the client reconnects; poll briefly. */
  private static void awaitSync(Instance i) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!i.leases.sync()) {
      assertThat(System.nanoTime()).as("reconnected to Redis").isLessThan(deadline);
    }
  }
}
