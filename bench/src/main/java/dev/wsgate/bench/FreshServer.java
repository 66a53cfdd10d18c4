package dev.wsgate.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A server under test started as a new JVM, so that what is measured includes the JVM's start, its
 * class loading and its JIT warm-up: wsgate from its runnable jar with a generated configuration,
 * or the bare Java-WebSocket server ({@link BareServer}) from the benchmark jar. Optionally pinned
 * to one CPU with {@code taskset}, as the team harness pins its servers.
 */
final class FreshServer implements AutoCloseable {
  static final String ORIGIN = "http://localhost:3000";
  static final String ISSUER = "https://issuer.perf.test";
  static final String AUDIENCE = "perf";
  static final String PATH = "/ws";

  final String name;
  final int port;
  final long startedNanos;
  private final Process process;

  private FreshServer(String name, int port, Process process, long startedNanos) {
    this.name = name;
    this.port = port;
    this.process = process;
    this.startedNanos = startedNanos;
  }

  /** One way to start a server: which one ("wsgate" or "bare"), with which JDK and JVM options. */
  record Variant(String kind, String java, List<String> jvmOptions) {}

  /**
   * How to start the servers: the jars, the CPU, and the variants by name. "wsgate" and "bare" are
   * always defined ({@code --java}, {@code --wsgate-opts}, {@code --bare-opts}); {@code
   * --variant.NAME 'kind|java|options'} defines more, e.g. {@code --variant.wsgate-aot
   * 'wsgate|/usr/lib/jvm/jdk-25/bin/java|-XX:AOTCache=wsgate.aot'}.
   */
  record Launch(Path serverJar, Path benchJar, int cpu, Map<String, Variant> variants) {
    static Launch from(Map<String, String> opts) {
      String self = FreshServer.class.getProtectionDomain().getCodeSource().getLocation().getPath();
      String java =
          opts.getOrDefault(
              "java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
      Map<String, Variant> variants = new java.util.HashMap<>();
      variants.put(
          "wsgate", new Variant("wsgate", java, split(opts.getOrDefault("wsgate-opts", ""))));
      variants.put("bare", new Variant("bare", java, split(opts.getOrDefault("bare-opts", ""))));
      opts.forEach(
          (k, v) -> {
            if (k.startsWith("variant.")) {
              String[] f = v.split("\\|", 3);
              variants.put(
                  k.substring("variant.".length()),
                  new Variant(
                      f[0],
                      f.length > 1 && !f[1].isBlank() ? f[1] : java,
                      split(f.length > 2 ? f[2] : "")));
            }
          });
      return new Launch(
          Path.of(opts.getOrDefault("jar", "server/target/wsgate-server.jar")),
          Path.of(opts.getOrDefault("bench-jar", self)),
          Integer.parseInt(opts.getOrDefault("server-cpu", "0")),
          variants);
    }

    private static List<String> split(String options) {
      return options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }
  }

  /**
   * Starts {@code name} ("wsgate" or "bare") on a free port; {@code extraConfig} lines are appended
   * to wsgate's configuration (the HS256 settings of the harness, backlog 1024 as the bare server).
   */
  static FreshServer start(Launch launch, String name, Path dir, String secret, String extraConfig)
      throws IOException {
    int port = freePort();
    Variant variant = launch.variants().get(name);
    if (variant == null) {
      throw new IllegalArgumentException(
          "unknown server '" + name + "'; known: " + launch.variants().keySet());
    }
    List<String> cmd = new ArrayList<>();
    if (launch.cpu() >= 0) {
      cmd.addAll(List.of("taskset", "-c", Integer.toString(launch.cpu())));
    }
    cmd.add(variant.java());
    cmd.addAll(variant.jvmOptions());
    if (variant.kind().equals("bare")) {
      cmd.addAll(
          List.of(
              "-cp",
              launch.benchJar().toString(),
              BareServer.class.getName(),
              Integer.toString(port)));
    } else if (variant.kind().equals("wsgate")) {
      Path config = dir.resolve("wsgate-" + port + ".properties");
      Files.writeString(config, config(port, extraConfig));
      cmd.addAll(List.of("-jar", launch.serverJar().toString(), "--config", config.toString()));
    } else {
      throw new IllegalArgumentException(
          "unknown kind '" + variant.kind() + "'; use wsgate or bare");
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(dir.resolve(name + "-" + port + ".log").toFile());
    pb.environment().put("WSGATE_HMAC_SECRET", secret);
    long t0 = System.nanoTime();
    return new FreshServer(name, port, pb.start(), t0);
  }

  private static String config(int port, String extra) {
    return String.join(
            "\n",
            "wsgate.listen.host=127.0.0.1",
            "wsgate.listen.port=" + port,
            "wsgate.listen.backlog=1024",
            "wsgate.path=" + PATH,
            "wsgate.origins=" + ORIGIN,
            "wsgate.origins.allow-missing=false",
            "wsgate.extractors=query",
            "wsgate.extractor.query.param=token",
            "wsgate.rate-limit.enabled=false",
            extra.isEmpty()
                ? "wsgate.provider=hmac\n"
                    + "wsgate.provider.hmac.secret=${env:WSGATE_HMAC_SECRET}\n"
                    + "wsgate.provider.hmac.issuer="
                    + ISSUER
                    + "\nwsgate.provider.hmac.audience="
                    + AUDIENCE
                : extra)
        + "\n";
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The JVM's pid (taskset execs it, so the child's pid is the JVM's). */
  long pid() {
    return process.pid();
  }

  /** Seconds since the JVM was launched. */
  double secondsSinceStart(long nanos) {
    return (nanos - startedNanos) / 1e9;
  }

  /** Waits until the port accepts a connection; returns when, in nanoTime. */
  long awaitListening(long timeoutNanos) throws IOException {
    long deadline = startedNanos + timeoutNanos;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(name + " exited with " + process.exitValue() + " before listening");
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 100);
        return System.nanoTime();
      } catch (IOException notYet) {
        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
      }
    }
    throw new IOException(name + " did not listen within " + timeoutNanos / 1_000_000_000L + " s");
  }

  /**
   * The user + system CPU time in microseconds so far of the JVM and of the processes it started
   * (the server's own JVM when the launcher started it with its class-data archive).
   */
  long cpuMicros() {
    long ticks = 0;
    for (long p :
        java.util.stream.LongStream.concat(
                java.util.stream.LongStream.of(pid()),
                process.descendants().mapToLong(ProcessHandle::pid))
            .toArray()) {
      try {
        ticks += LoadDriver.ServerCpu.ticks(Long.toString(p));
      } catch (IOException | RuntimeException e) {
        // a process that has just ended
      }
    }
    return (long) (ticks * LoadDriver.ServerCpu.MICROS_PER_TICK);
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
