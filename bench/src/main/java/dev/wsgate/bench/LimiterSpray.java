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
 * minute, 100,000 addresses, IPv6 by /64): {@code --offenders} addresses spend their budget and
 * fail once more after every 10,000 failures of the spray, as an attacker who keeps trying would,
 * while {@code --addresses} distinct addresses fail once each, as a botnet or an IPv6 host rotating
 * through its addresses would ({@code --ipv6}: each in its own /64; {@code --one64}: all in one
 * /64, with random host bits). Prints the time per failure (a lookup as the gate makes before
 * verifying, then the failure; thread CPU time and wall time) for each tenth of the spray, the
 * table size, the live heap the limiter holds after a full GC, and whether the offenders are still
 * refused. The limiter's clock is simulated: frozen ({@code --rate 0}, the default: only eviction
 * could free an offender) or advancing as if {@code --rate} failures arrived per second.
 *
 * <pre>
 * java -Xmx1g -cp bench/target/benchmarks.jar dev.wsgate.bench.LimiterSpray \
 *     [--addresses 1000000] [--max 100000] [--offenders 100] [--rate 0] [--ipv6 false] \
 *     [--one64 false]
 * </pre>
 */
public final class LimiterSpray {
  private LimiterSpray() {}

  public static void main(String[] args) {
    int addresses = 1_000_000;
    int max = 100_000;
    int offenders = 100;
    boolean ipv6 = false;
    boolean one64 = false;
    long rate = 0;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--addresses" -> addresses = Integer.parseInt(args[i + 1]);
        case "--max" -> max = Integer.parseInt(args[i + 1]);
        case "--offenders" -> offenders = Integer.parseInt(args[i + 1]);
        case "--ipv6" -> ipv6 = Boolean.parseBoolean(args[i + 1]);
        case "--one64" -> one64 = Boolean.parseBoolean(args[i + 1]);
        case "--rate" -> rate = Long.parseLong(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    long heapBefore = liveHeap();
    SimulatedClock clock = new SimulatedClock();
    FailureRateLimiter limiter = new FailureRateLimiter(50, 120, max, clock);
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
        batch[i] = sprayed(one64 ? 0 : part * tenth + i, ipv6 || one64);
      }
      long cpu = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      for (int i = 0; i < tenth; i++) {
        long n = (long) part * tenth + i;
        if (rate > 0) {
          clock.millis = n * 1000 / rate;
        }
        sink += limiter.retryAfter(batch[i]).toMillis();
        limiter.recordFailure(batch[i]);
        if (n % 10_000 == 9_999) {
          for (int o = 0; o < offenders; o++) {
            limiter.recordFailure(offender(o));
          }
        }
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

  /** The limiter's time, set by the spray. */
  private static final class SimulatedClock extends Clock {
    private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
    volatile long millis;

    @Override
    public long millis() {
      return START.toEpochMilli() + millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
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
