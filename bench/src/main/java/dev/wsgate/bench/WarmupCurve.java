package dev.wsgate.bench;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The warm-up curve: valid handshakes per second over the first seconds of a freshly started
 * server, JVM start included, for wsgate and the bare Java-WebSocket server, alternating per round.
 * Each connection is the harness's valid one (upgrade with Origin and {@code ?token=}, one echoed
 * text frame, close handshake), {@code --c} in flight from the moment the JVM is launched
 * (connection refused is retried until the server listens). Writes {@code curve.csv}, {@code
 * curve.md} and {@code curve.png} (the median of the rounds per second) to {@code --out}.
 *
 * <pre>
 * taskset -c 1 java -cp bench/target/benchmarks.jar dev.wsgate.bench.WarmupCurve \
 *     --jar server/target/wsgate-server.jar --secs 30 --rounds 3 --out bench/results/warmup
 * </pre>
 */
public final class WarmupCurve {
  private static final byte[] ECHO =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  private WarmupCurve() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = Options.parse(args);
    FreshServer.Launch launch = FreshServer.Launch.from(opts);
    int secs = Integer.parseInt(opts.getOrDefault("secs", "30"));
    int rounds = Integer.parseInt(opts.getOrDefault("rounds", "3"));
    int c = Integer.parseInt(opts.getOrDefault("c", "32"));
    String secret = opts.getOrDefault("secret", Options.HARNESS_SECRET);
    List<String> servers = List.of(opts.getOrDefault("servers", "wsgate,bare").split(","));
    Path out = Files.createDirectories(Path.of(opts.getOrDefault("out", "bench/results/warmup")));
    Tokens tokens = new Tokens(secret, FreshServer.ISSUER, FreshServer.AUDIENCE);
    String[] targets = new String[1000];
    for (int i = 0; i < targets.length; i++) {
      targets[i] =
          FreshServer.PATH
              + "?token="
              + URLEncoder.encode(
                  tokens.mint("user-" + i, Duration.ofHours(2)), StandardCharsets.UTF_8);
    }
    warmDriver(launch, out, secret, targets, c);

    Map<String, List<Curve>> runs = new LinkedHashMap<>();
    for (int r = 1; r <= rounds; r++) {
      for (String name : servers) {
        Curve curve = run(launch, name, out, secret, targets, c, secs);
        runs.computeIfAbsent(name, k -> new ArrayList<>()).add(curve);
        System.out.printf(
            Locale.ROOT,
            "RESULT curve server=%s round=%d first_101_s=%.3f total=%d per_s=%s%n",
            name,
            r,
            curve.firstAcceptSeconds,
            Arrays.stream(curve.handshakes).sum(),
            Arrays.toString(curve.handshakes));
      }
    }
    write(runs, secs, out);
  }

  /**
   * The driver's own code warms up first against a server in this JVM, so the curve shows the
   * server's warm-up rather than the client's.
   */
  private static void warmDriver(
      FreshServer.Launch launch, Path dir, String secret, String[] targets, int c)
      throws Exception {
    try (FreshServer bare = FreshServer.start(launch, "bare", dir, secret, "")) {
      drive(bare, targets, c, System.nanoTime() + TimeUnit.SECONDS.toNanos(8), null);
    }
  }

  /** Valid handshakes completed in each second after launch, and the server's CPU in each. */
  static final class Curve {
    final int[] handshakes;
    final long[] cpuMicros;
    final double firstAcceptSeconds;

    Curve(int[] handshakes, long[] cpuMicros, double firstAcceptSeconds) {
      this.handshakes = handshakes;
      this.cpuMicros = cpuMicros;
      this.firstAcceptSeconds = firstAcceptSeconds;
    }
  }

  private static Curve run(
      FreshServer.Launch launch,
      String name,
      Path dir,
      String secret,
      String[] targets,
      int c,
      int secs)
      throws Exception {
    AtomicIntegerArray perSecond = new AtomicIntegerArray(secs);
    long[] cpu = new long[secs];
    try (FreshServer server = FreshServer.start(launch, name, dir, secret, "")) {
      long end = server.startedNanos + TimeUnit.SECONDS.toNanos(secs);
      Thread sampler =
          new Thread(
              () -> {
                long before = 0;
                for (int s = 0; s < secs; s++) {
                  long at = server.startedNanos + TimeUnit.SECONDS.toNanos(s + 1);
                  while (System.nanoTime() < at) {
                    java.util.concurrent.locks.LockSupport.parkNanos(
                        Math.max(1, at - System.nanoTime()));
                  }
                  long now = server.cpuMicros();
                  cpu[s] = now - before;
                  before = now;
                }
              },
              "cpu-sampler");
      sampler.start();
      long first = drive(server, targets, c, end, perSecond);
      sampler.join();
      int[] hs = new int[secs];
      for (int s = 0; s < secs; s++) {
        hs[s] = perSecond.get(s);
      }
      return new Curve(hs, cpu, first < 0 ? -1 : server.secondsSinceStart(first));
    }
  }

  /**
   * {@code c} connections in flight until {@code end}; counts each completed valid connection in
   * the second after the server's launch it completed in. Returns when the first 101 arrived.
   */
  private static long drive(
      FreshServer server, String[] targets, int c, long end, AtomicIntegerArray perSecond)
      throws Exception {
    AtomicLong firstAccept = new AtomicLong();
    long listening = server.awaitListening(TimeUnit.SECONDS.toNanos(60));
    ExecutorService workers = Executors.newFixedThreadPool(c);
    for (int w = 0; w < c; w++) {
      int offset = w;
      workers.execute(
          () -> {
            int i = offset;
            while (System.nanoTime() < end) {
              try (WsProbe probe = new WsProbe("127.0.0.1", server.port, 5000)) {
                if (probe.upgrade(
                            "127.0.0.1",
                            server.port,
                            targets[i % targets.length],
                            FreshServer.ORIGIN)
                        == 101
                    && probe.echo(ECHO)) {
                  probe.closeHandshake();
                  long t = System.nanoTime();
                  firstAccept.compareAndSet(0, t);
                  int s = (int) ((t - server.startedNanos) / 1_000_000_000L);
                  if (perSecond != null && s < perSecond.length()) {
                    perSecond.incrementAndGet(s);
                  }
                }
              } catch (IOException | RuntimeException e) {
                // a failed connection is not counted; the curve shows the gap
              }
              i += c;
            }
          });
    }
    workers.shutdown();
    workers.awaitTermination(1, TimeUnit.HOURS);
    if (perSecond != null) {
      System.out.printf(
          Locale.ROOT,
          "%s listening after %.3f s%n",
          server.name,
          server.secondsSinceStart(listening));
    }
    long t = firstAccept.get();
    return t == 0 ? -1 : t;
  }

  private static void write(Map<String, List<Curve>> runs, int secs, Path out) throws IOException {
    List<String> names = new ArrayList<>(runs.keySet());
    Map<String, double[]> median = new LinkedHashMap<>();
    Map<String, double[]> cpuPerHs = new LinkedHashMap<>();
    for (String n : names) {
      double[] hs = new double[secs];
      double[] us = new double[secs];
      for (int s = 0; s < secs; s++) {
        int at = s;
        hs[s] = Options.median(runs.get(n).stream().mapToDouble(cv -> cv.handshakes[at]).toArray());
        us[s] =
            Options.median(
                runs.get(n).stream()
                    .mapToDouble(
                        cv ->
                            cv.handshakes[at] == 0
                                ? Double.NaN
                                : (double) cv.cpuMicros[at] / cv.handshakes[at])
                    .toArray());
      }
      median.put(n, hs);
      cpuPerHs.put(n, us);
    }
    StringBuilder csv = new StringBuilder("second");
    StringBuilder md = new StringBuilder("| second |");
    StringBuilder rule = new StringBuilder("|---|");
    for (String n : names) {
      csv.append(',').append(n).append("_hs_per_s,").append(n).append("_server_us_per_hs");
      md.append(' ').append(n).append(" hs/s | ").append(n).append(" µs/hs |");
      rule.append("---|---|");
    }
    List<String> ratios =
        names.contains("bare")
            ? names.stream()
                .filter(n -> !n.equals("bare"))
                .collect(java.util.stream.Collectors.toList())
            : List.of();
    for (String n : ratios) {
      csv.append(',').append(n).append("_over_bare");
      md.append(' ').append(n).append("/bare |");
      rule.append("---|");
    }
    csv.append('\n');
    md.append('\n').append(rule).append('\n');
    for (int s = 0; s < secs; s++) {
      csv.append(s + 1);
      md.append("| ").append(s + 1).append(" |");
      for (String n : names) {
        csv.append(String.format(Locale.ROOT, ",%.0f,%.1f", median.get(n)[s], cpuPerHs.get(n)[s]));
        md.append(
            String.format(Locale.ROOT, " %,.0f | %s |", median.get(n)[s], fmt(cpuPerHs.get(n)[s])));
      }
      for (String n : ratios) {
        double b = median.get("bare")[s];
        double q = b == 0 ? Double.NaN : median.get(n)[s] / b;
        csv.append(String.format(Locale.ROOT, ",%.2f", q));
        md.append(' ')
            .append(Double.isNaN(q) ? "–" : String.format(Locale.ROOT, "%.2f", q))
            .append(" |");
      }
      csv.append('\n');
      md.append('\n');
    }
    md.append('\n');
    for (String n : names) {
      md.append(n).append(": first 101 after ");
      md.append(
          String.format(
              Locale.ROOT,
              "%.2f s (median of %d launches)%n",
              Options.median(
                  runs.get(n).stream().mapToDouble(cv -> cv.firstAcceptSeconds).toArray()),
              runs.get(n).size()));
      md.append('\n');
    }
    Files.writeString(out.resolve("curve.csv"), csv);
    Files.writeString(out.resolve("curve.md"), md);
    Plot.lines(
        "Valid handshakes/s after a fresh start (median per second)",
        "seconds since JVM launch",
        "valid handshakes/s",
        median,
        out.resolve("curve.png"));
    System.out.print(md);
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.0f", v);
  }
}
