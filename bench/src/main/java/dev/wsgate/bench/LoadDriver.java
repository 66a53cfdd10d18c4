package dev.wsgate.bench;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load driver: handshakes per second, latency percentiles, server CPU per handshake and errors
 * for a mix of valid and invalid HS256 tokens, and a hold mode that measures memory per idle
 * authenticated connection. See BENCHMARKS.md.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.wsgate.bench.LoadDriver load --port 8080 \
 *     --secret "$WSGATE_HMAC_SECRET" --pid $(pgrep -f wsgate-server.jar) --invalid 0.3
 * java -cp bench/target/benchmarks.jar dev.wsgate.bench.LoadDriver hold --port 8080 \
 *     --secret "$WSGATE_HMAC_SECRET" --pid PID --hold 5000,10000 [--sources 127.0.0.1,127.0.0.2]
 * </pre>
 */
public final class LoadDriver {
  private static final byte[] ECHO =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  private final Map<String, String> opts;
  private final String host;
  private final int port;
  private final String path;
  private final String origin;
  private final Tokens tokens;
  private final int timeoutMillis;

  private LoadDriver(Map<String, String> opts) {
    this.opts = opts;
    this.host = opts.getOrDefault("host", "127.0.0.1");
    this.port = Integer.parseInt(opts.getOrDefault("port", "8080"));
    this.path = opts.getOrDefault("path", "/ws");
    this.origin = opts.getOrDefault("origin", "http://localhost:3000");
    this.tokens =
        new Tokens(
            required(opts, "secret"),
            opts.getOrDefault("iss", "https://issuer.perf.test"),
            opts.getOrDefault("aud", "perf"));
    this.timeoutMillis = Integer.parseInt(opts.getOrDefault("timeout-ms", "5000"));
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || !(args[0].equals("load") || args[0].equals("hold"))) {
      System.err.println("usage: LoadDriver load|hold --port P --secret S [--pid PID] ...");
      System.exit(2);
    }
    Map<String, String> opts = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    LoadDriver driver = new LoadDriver(opts);
    if (args[0].equals("load")) {
      int warmup = Integer.parseInt(opts.getOrDefault("warmup", "20000"));
      if (warmup > 0) {
        driver.load("warmup", warmup, Duration.ofMinutes(5));
      }
      driver.load(
          opts.getOrDefault("label", "load"),
          Integer.parseInt(opts.getOrDefault("n", "1000000")),
          Duration.ofSeconds(Long.parseLong(opts.getOrDefault("secs", "5"))));
    } else {
      driver.hold();
    }
  }

  private static String required(Map<String, String> opts, String key) {
    String v = opts.get(key);
    if (v == null) {
      throw new IllegalArgumentException("--" + key + " is required");
    }
    return v;
  }

  private void load(String label, int n, Duration duration) throws Exception {
    int c = Integer.parseInt(opts.getOrDefault("c", "32"));
    double invalid = Double.parseDouble(opts.getOrDefault("invalid", "0"));
    Tokens.Kind[] bad = {
      Tokens.Kind.BADSIG,
      Tokens.Kind.EXPIRED,
      Tokens.Kind.NONE,
      Tokens.Kind.MALFORMED,
      Tokens.Kind.ORIGIN
    };
    int pool = 2000;
    String[] targets = new String[pool];
    Tokens.Kind[] kinds = new Tokens.Kind[pool];
    for (int i = 0; i < pool; i++) {
      boolean isBad = (i * 7919 % pool) < invalid * pool;
      kinds[i] = isBad ? bad[i % bad.length] : Tokens.Kind.VALID;
      targets[i] =
          path + "?token=" + URLEncoder.encode(tokens.forKind(kinds[i], i), StandardCharsets.UTF_8);
    }
    AtomicInteger next = new AtomicInteger();
    AtomicInteger unexpectedAccept = new AtomicInteger();
    AtomicInteger unexpectedReject = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    long deadline = System.nanoTime() + duration.toNanos();
    long cpuBefore = ServerCpu.ticks(opts.get("pid"));
    long start = System.nanoTime();
    ExecutorService workers = Executors.newFixedThreadPool(c);
    List<Future<long[]>> results = new ArrayList<>();
    for (int w = 0; w < c; w++) {
      results.add(
          workers.submit(
              () -> {
                long[] lat = new long[1024];
                int count = 0;
                int i;
                while ((i = next.getAndIncrement()) < n && System.nanoTime() < deadline) {
                  int k = i % pool;
                  boolean valid = kinds[k] == Tokens.Kind.VALID;
                  String o = kinds[k] == Tokens.Kind.ORIGIN ? "https://evil.example" : origin;
                  long t0 = System.nanoTime();
                  try (WsProbe probe = new WsProbe(host, port, timeoutMillis)) {
                    int status = probe.upgrade(host, port, targets[k], o);
                    long t1 = System.nanoTime();
                    if (count == lat.length) {
                      lat = Arrays.copyOf(lat, count * 2);
                    }
                    lat[count++] = t1 - t0;
                    if (status == 101 && !valid) {
                      unexpectedAccept.incrementAndGet();
                    } else if (status != 101 && valid) {
                      unexpectedReject.incrementAndGet();
                    }
                    if (status == 101) {
                      if (!probe.echo(ECHO)) {
                        errors.incrementAndGet();
                      }
                      probe.closeHandshake();
                    } else {
                      probe.serverClosed();
                    }
                  } catch (IOException | RuntimeException e) {
                    errors.incrementAndGet();
                  }
                }
                return Arrays.copyOf(lat, count);
              }));
    }
    List<long[]> all = new ArrayList<>();
    for (Future<long[]> f : results) {
      all.add(f.get());
    }
    workers.shutdown();
    long elapsed = System.nanoTime() - start;
    long cpuAfter = ServerCpu.ticks(opts.get("pid"));
    long[] lat = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    int done = lat.length;
    double hsPerSec = done / (elapsed / 1e9);
    String cpu =
        cpuBefore < 0 || done == 0
            ? "n/a"
            : String.format("%.1f", (cpuAfter - cpuBefore) * ServerCpu.MICROS_PER_TICK / done);
    System.out.printf(
        "RESULT phase=%s handshakes=%d hs_per_s=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f"
            + " server_cpu_us_per_hs=%s unexpected_accept=%d unexpected_reject=%d errors=%d"
            + " c=%d invalid=%.2f%n",
        label,
        done,
        hsPerSec,
        pct(lat, 0.50),
        pct(lat, 0.99),
        pct(lat, 1.0),
        cpu,
        unexpectedAccept.get(),
        unexpectedReject.get(),
        errors.get(),
        c,
        invalid);
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }

  private void hold() throws Exception {
    String pid = required(opts, "pid");
    List<WsProbe> open = new ArrayList<>();
    String token =
        URLEncoder.encode(tokens.mint("holder", Duration.ofHours(2)), StandardCharsets.UTF_8);
    String[] sources = opts.getOrDefault("sources", "").split(",");
    System.out.printf("RESULT phase=hold step=0 %s%n", ServerMemory.measure(pid));
    try {
      for (String step : opts.getOrDefault("hold", "5000,10000").split(",")) {
        int target = Integer.parseInt(step.trim());
        int failed = 0;
        long t0 = System.nanoTime();
        int before = open.size();
        while (open.size() < target) {
          String source = sources[open.size() % sources.length];
          WsProbe probe =
              new WsProbe(host, port, timeoutMillis, source.isBlank() ? null : source.trim());
          if (probe.upgrade(host, port, path + "?token=" + token, origin) == 101) {
            open.add(probe);
          } else {
            probe.close();
            if (++failed > 100) {
              throw new IOException("more than 100 refused holds at " + open.size());
            }
          }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
            "RESULT phase=hold step=%d open=%d failed=%d open_secs=%.2f open_per_s=%.0f %s%n",
            target,
            open.size(),
            failed,
            secs,
            (open.size() - before) / secs,
            ServerMemory.measure(pid));
      }
    } finally {
      for (WsProbe p : open) {
        p.close();
      }
    }
  }

  /** The server's CPU time from {@code /proc/PID/stat}. */
  static final class ServerCpu {
    static final double MICROS_PER_TICK = 10_000; // USER_HZ is 100 on Linux

    static long ticks(String pid) throws IOException {
      if (pid == null) {
        return -1;
      }
      String stat = Files.readString(Path.of("/proc", pid, "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private ServerCpu() {}
  }
}
