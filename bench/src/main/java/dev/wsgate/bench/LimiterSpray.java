package dev.wsgate.bench;

import dev.wsgate.gate.FailureRateLimiter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An address spray against the failed-handshake limiter with the server's defaults (burst 50, 120 a
 * minute, 100,000 addresses, IPv6 by /64): a few offenders spend their budget, then {@code
 * --addresses} distinct addresses fail once each, as a botnet or an IPv6 host rotating through its
 * addresses would. Prints the time per failure (a lookup as the gate makes before verifying, then
 * the failure; thread CPU time and wall time) for each tenth of the spray, the table size, the live
 * heap the limiter holds after a full GC, and whether the offenders are still refused. The clock
 * stands still, so that only eviction could free an offender.
 *
 * <pre>
 * java -Xmx1g -cp bench/target/benchmarks.jar dev.wsgate.bench.LimiterSpray \
 *     [--addresses 1000000] [--max 100000] [--offenders 100] [--ipv6 false]
 * </pre>
 */
public final class LimiterSpray {
  private LimiterSpray() {}

  public static void main(String[] args) {
    int addresses = 1_000_000;
    int max = 100_000;
    int offenders = 100;
    boolean ipv6 = false;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--addresses" -> addresses = Integer.parseInt(args[i + 1]);
        case "--max" -> max = Integer.parseInt(args[i + 1]);
        case "--offenders" -> offenders = Integer.parseInt(args[i + 1]);
        case "--ipv6" -> ipv6 = Boolean.parseBoolean(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    long heapBefore = liveHeap();
    Clock frozen = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
    FailureRateLimiter limiter = new FailureRateLimiter(50, 120, max, frozen);
    for (int o = 0; o < offenders; o++) {
      for (int i = 0; i < 50; i++) {
        limiter.recordFailure(offender(o));
      }
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int tenth = addresses / 10;
    long sink = 0;
    for (int part = 0; part < 10; part++) {
      String[] batch = new String[tenth];
      for (int i = 0; i < tenth; i++) {
        batch[i] = sprayed(part * tenth + i, ipv6);
      }
      long cpu = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      for (String a : batch) {
        sink += limiter.retryAfter(a).toMillis();
        limiter.recordFailure(a);
      }
      long nanos = System.nanoTime() - start;
      cpu = threads.getCurrentThreadCpuTime() - cpu;
      System.out.printf(
          Locale.ROOT,
          "addresses %,9d-%,9d: %6.0f ns CPU (%6.0f ns wall) per failure, tracked %,d%n",
          part * tenth,
          (part + 1) * tenth - 1,
          (double) cpu / tenth,
          (double) nanos / tenth,
          limiter.trackedAddresses());
    }
    int refused = 0;
    for (int o = 0; o < offenders; o++) {
      if (!limiter.retryAfter(offender(o)).isZero()) {
        refused++;
      }
    }
    long held = liveHeap() - heapBefore;
    System.out.printf(
        Locale.ROOT,
        "offenders still refused: %d of %d; table %,d of %,d; live heap held %.1f MB"
            + " (%.0f B per address)%n",
        refused,
        offenders,
        limiter.trackedAddresses(),
        max,
        held / 1e6,
        (double) held / limiter.trackedAddresses());
    if (sink < 0) {
      System.out.println(sink);
    }
  }

  private static String offender(int o) {
    return "198.51." + (o >> 8) + "." + (o & 0xff);
  }

  /** Distinct IPv4 addresses, or IPv6 addresses in distinct /64s with a random host part. */
  private static String sprayed(int n, boolean ipv6) {
    if (ipv6) {
      long host = ThreadLocalRandom.current().nextLong();
      return String.format(
          Locale.ROOT,
          "2001:db8:%x:%x:%x:%x:%x:%x",
          n >>> 16,
          n & 0xffff,
          (host >>> 48) & 0xffff,
          (host >>> 32) & 0xffff,
          (host >>> 16) & 0xffff,
          host & 0xffff);
    }
    int ip = 0x0a000000 + n; // 10.0.0.0 and up
    return (ip >>> 24) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
  }

  private static long liveHeap() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
