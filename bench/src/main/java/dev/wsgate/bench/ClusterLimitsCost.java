package dev.wsgate.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.wsgate.cluster.redis.FailureCountSettings;
import dev.wsgate.cluster.redis.KeyPrefix;
import dev.wsgate.cluster.redis.LeaseSettings;
import dev.wsgate.cluster.redis.RedisCluster;
import dev.wsgate.cluster.redis.RedisConnectionLeases;
import dev.wsgate.cluster.redis.RedisFailureCounts;
import dev.wsgate.cluster.redis.RedisSettings;
import dev.wsgate.gate.DenyList;
import dev.wsgate.gate.FailureRateLimiter;
import dev.wsgate.internal.ConnectionCounter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The hot-path cost of cluster-wide limits: what one accepted handshake pays for its admission
 * (take a permit, give back the oldest of {@code --open} held ones, as connections come and go) and
 * what one failed handshake pays to the failure limiter (a lookup, then the failure), each in
 * process and on Redis with the background exchanges running, in alternating rounds. Prints CPU per
 * operation of the process (the caller and the exchanges) and of redis-server ({@code INFO cpu}).
 *
 * <pre>
 * redis-server --port 6390 --save "" &amp;
 * java -cp bench/target/benchmarks.jar dev.wsgate.bench.ClusterLimitsCost \
 *     [--redis redis://127.0.0.1:6390] [--secs 5] [--rounds 3] [--subjects 10000] [--open 20000] \
 *     [--rate 20000]
 * java -cp bench/target/benchmarks.jar dev.wsgate.bench.ClusterLimitsCost --memory 100000
 * </pre>
 */
public final class ClusterLimitsCost {
  private ClusterLimitsCost() {}

  /** Operations per second the measured loop is paced to. */
  private static int perSecond;

  public static void main(String[] args) throws Exception {
    String uri = "redis://127.0.0.1:6390";
    int secs = 5;
    int rounds = 3;
    int subjects = 10_000;
    int open = 20_000;
    int rate = 20_000;
    int memory = 0;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--redis" -> uri = args[i + 1];
        case "--secs" -> secs = Integer.parseInt(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        case "--subjects" -> subjects = Integer.parseInt(args[i + 1]);
        case "--open" -> open = Integer.parseInt(args[i + 1]);
        case "--rate" -> rate = Integer.parseInt(args[i + 1]);
        case "--memory" -> memory = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    perSecond = rate;
    RedisClient client = RedisClient.create(uri);
    int maxTotal = 1_000_000;
    try (StatefulRedisConnection<String, String> c = client.connect();
        RedisCluster cluster = cluster(uri)) {
      c.sync().flushdb();
      if (memory > 0) {
        memory(c, cluster, memory);
        return;
      }
      for (int r = 0; r < rounds; r++) {
        report(
            "admission, in process",
            admit(new ConnectionCounter(maxTotal, 100, null), secs, subjects, open));
        try (RedisConnectionLeases leases =
            cluster.connectionLeases(LeaseSettings.of(1_000_000, 100))) {
          report(
              "admission, on Redis",
              admit(new ConnectionCounter(maxTotal, 100, leases), secs, subjects, open, c));
        }
        FailureRateLimiter local = new FailureRateLimiter(50, 120, 100_000, Clock.systemUTC());
        report("failure, in process", fail(local, secs, null));
        try (RedisFailureCounts counts =
            cluster.failureCounts(FailureCountSettings.of(50, 120, 100_000))) {
          FailureRateLimiter shared =
              new FailureRateLimiter(50, 120, 100_000, 64, Clock.systemUTC(), counts);
          report("failure, on Redis", fail(shared, secs, c));
        }
      }
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  /**
   * Redis memory ({@code used_memory} before and after) for {@code n} open connections held by one
   * instance: of {@code n} subjects with one each, then of {@code n / 10} subjects with ten each;
   * then of {@code n} addresses with one counted failure each.
   */
  /** The cluster the limits run on, connected, with the keys under {@code bench}. */
  private static RedisCluster cluster(String uri) {
    RedisSettings d = RedisSettings.of(uri);
    RedisCluster cluster =
        RedisCluster.create(
            new RedisSettings(
                uri,
                null,
                d.commandTimeout(),
                d.connectTimeout(),
                new KeyPrefix("bench"),
                d.resyncInterval(),
                d.breakerFailures(),
                d.breakerOpenFor(),
                d.disconnectWait(),
                d.leaseTime(),
                d.limitsSyncInterval(),
                d.failuresFlushInterval()),
            new DenyList(),
            Clock.systemUTC());
    cluster.start(order -> 0);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!cluster.health().available() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(10_000_000L);
    }
    return cluster;
  }

  private static void memory(
      StatefulRedisConnection<String, String> c, RedisCluster cluster, int n) {
    for (int perSubject : new int[] {1, 10}) {
      c.sync().flushdb();
      long before = usedMemory(c);
      try (RedisConnectionLeases leases = cluster.connectionLeases(LeaseSettings.of(0, 100))) {
        ConnectionCounter counter = new ConnectionCounter(0, 100, leases);
        for (int i = 0; i < n; i++) {
          counter.acquire("default", "user-" + (i / perSubject) + "@example.com");
        }
        awaitExchanges(leases::sync);
        long bytes = usedMemory(c) - before;
        System.out.printf(
            Locale.ROOT,
            "%,d connections of %,d subjects: %,d bytes, %.0f per connection, %.0f per subject%n",
            n,
            n / perSubject,
            bytes,
            (double) bytes / n,
            (double) bytes * perSubject / n);
      }
    }
    c.sync().flushdb();
    long before = usedMemory(c);
    try (RedisFailureCounts counts = cluster.failureCounts(FailureCountSettings.of(1, 1, n))) {
      for (int i = 0; i < n; i++) {
        counts.recordFailure("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
      }
      awaitExchanges(counts::flush);
      long bytes = usedMemory(c) - before;
      System.out.printf(
          Locale.ROOT,
          "%,d refused addresses: %,d bytes, %.0f per address (%d read back)%n",
          n,
          bytes,
          (double) bytes / n,
          counts.refusedAddresses());
    }
  }

  /** Runs exchanges until enough have succeeded to carry everything (5,000 entries each). */
  private static void awaitExchanges(java.util.function.BooleanSupplier exchange) {
    int succeeded = 0;
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (succeeded < 30 && System.nanoTime() < deadline) {
      if (exchange.getAsBoolean()) {
        succeeded++;
      } else {
        LockSupport.parkNanos(100_000_000L);
      }
    }
  }

  private static long usedMemory(StatefulRedisConnection<String, String> c) {
    for (String line : c.sync().info("memory").split("\r\n")) {
      if (line.startsWith("used_memory:")) {
        return Long.parseLong(line.substring("used_memory:".length()));
      }
    }
    throw new IllegalStateException("no used_memory in INFO memory");
  }

  private record Result(long ops, long processCpuNanos, long redisCpuMicros, long wallNanos) {}

  private static void report(String what, Result r) {
    System.out.printf(
        Locale.ROOT,
        "%-22s %,12d ops  %7.3f µs process CPU/op  %7.3f µs redis CPU/op  %,10.0f ops/s%n",
        what,
        r.ops,
        r.processCpuNanos / 1000.0 / r.ops,
        (double) r.redisCpuMicros / r.ops,
        r.ops * 1e9 / r.wallNanos);
  }

  private static Result admit(ConnectionCounter counter, int secs, int subjects, int open) {
    return admit(counter, secs, subjects, open, null);
  }

  private static Result admit(
      ConnectionCounter counter,
      int secs,
      int subjects,
      int open,
      StatefulRedisConnection<String, String> redis) {
    ArrayDeque<ConnectionCounter.Permit> held = new ArrayDeque<>();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String[] names = new String[subjects];
    for (int i = 0; i < subjects; i++) {
      names[i] = "user-" + i;
    }
    return measure(
        secs,
        redis,
        () -> {
          Optional<ConnectionCounter.Permit> p =
              counter.acquire("default", names[random.nextInt(subjects)]).permit();
          p.ifPresent(held::addLast);
          if (held.size() > open) {
            held.removeFirst().release();
          }
        },
        () -> held.forEach(ConnectionCounter.Permit::release));
  }

  private static Result fail(
      FailureRateLimiter limiter, int secs, StatefulRedisConnection<String, String> redis) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return measure(
        secs,
        redis,
        () -> {
          String address = "10.0." + random.nextInt(256) + "." + random.nextInt(256);
          if (limiter.retryAfter(address).isZero()) {
            limiter.recordFailure(address);
          }
        },
        () -> {});
  }

  private static Result measure(
      int secs, StatefulRedisConnection<String, String> redis, Runnable op, Runnable after) {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long warmEnd = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < warmEnd) {
      op.run();
    }
    long redisBefore = redis == null ? 0 : redisCpuMicros(redis);
    long cpuBefore = os.getProcessCpuTime();
    long start = System.nanoTime();
    long end = start + secs * 1_000_000_000L;
    long ops = 0;
    long nanosPer100 = 100 * 1_000_000_000L / perSecond;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 100; i++) {
        op.run();
      }
      ops += 100;
      long due = start + (ops / 100) * nanosPer100;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait); // paced: a server admits handshakes as they come
      }
    }
    long wall = System.nanoTime() - start;
    long cpu = os.getProcessCpuTime() - cpuBefore;
    long redisCpu = redis == null ? 0 : redisCpuMicros(redis) - redisBefore;
    after.run();
    return new Result(ops, cpu, redisCpu, wall);
  }

  private static long redisCpuMicros(StatefulRedisConnection<String, String> redis) {
    double total = 0;
    for (String line : redis.sync().info("cpu").split("\r\n")) {
      if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
        total += Double.parseDouble(line.substring(line.indexOf(':') + 1));
      }
    }
    return (long) (total * 1_000_000);
  }
}
