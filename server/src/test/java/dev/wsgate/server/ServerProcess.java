package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shaded jar ({@code wsgate.jar}) run as a child process with a properties file. */
final class ServerProcess implements AutoCloseable {
  /**
   * The start-up line (server/README.md): 1 host, 2 port, 3 the path every tenant shares (null when
   * tenants have their own URLs), 4 providers, 5 the number of tenants, then the transport, 6 each
   * tenant's URLs ({@code " acme=ws://…,ws://… globex=ws://…"}, empty for one shared URL).
   */
  static final Pattern LISTENING =
      Pattern.compile(
          "wsgate listening on ws://([^:/\\[\\s]+|\\[[^\\]\\s]+\\]):(\\d+)(/\\S*)?"
              + " provider=(\\S+) tenants=(\\d+) transport=(?:java-websocket|netty)"
              + "((?: [a-z0-9][a-z0-9_-]*=ws://\\S+)*)");

  /** Group 6 of a {@link #LISTENING} match: each tenant's URLs, comma-separated, in order. */
  static Map<String, String> tenantUrls(Matcher listening) {
    Map<String, String> urls = new LinkedHashMap<>();
    for (String entry : listening.group(6).trim().split(" ")) {
      if (!entry.isEmpty()) {
        urls.put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1));
      }
    }
    return urls;
  }

  final Process process;
  final BlockingQueue<String> out = new LinkedBlockingQueue<>();
  final StringBuffer err = new StringBuffer();

  private ServerProcess(Process process) {
    this.process = process;
    pump(process.getInputStream(), out::add);
    pump(process.getErrorStream(), l -> err.append(l).append('\n'));
  }

  /** Starts the jar with {@code properties} written to a file in {@code dir}. */
  static ServerProcess start(Path dir, String properties) throws IOException {
    Path config = Files.writeString(dir.resolve("wsgate.properties"), properties);
    return run(Map.of(), "--config", config.toString());
  }

  /** Runs the jar with {@code args}; the environment is ours minus wsgate's, plus {@code env}. */
  static ServerProcess run(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(System.getProperty("wsgate.jar", "target/wsgate-server.jar"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().remove("WSGATE_CONFIG");
    pb.environment().remove("WSGATE_HMAC_SECRET");
    pb.environment().putAll(env);
    return new ServerProcess(pb.start());
  }

  /**
   * Runs {@link Main} from this JVM's class path (the test classes' providers included), not the
   * jar, with {@code properties} written to a file in {@code dir}: for tests that need a second
   * process, such as one to kill, without the package phase.
   */
  static ServerProcess main(Path dir, String name, Map<String, String> properties)
      throws IOException {
    StringBuilder text = new StringBuilder();
    properties.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    Path config = Files.writeString(dir.resolve(name + ".properties"), text);
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "--config",
            config.toString());
    pb.environment().remove("WSGATE_CONFIG");
    return new ServerProcess(pb.start());
  }

  private static void pump(java.io.InputStream in, Consumer<String> sink) {
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    Thread t =
        new Thread(
            () -> {
              try {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                  sink.accept(l);
                }
              } catch (IOException e) {
                // the process ended
              }
            });
    t.setDaemon(true);
    t.start();
  }

  /** The start-up line, matched by {@link #LISTENING}. */
  Matcher awaitListening() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String l = out.poll(1, TimeUnit.SECONDS);
      if (l != null && l.startsWith("wsgate listening on")) {
        Matcher m = LISTENING.matcher(l);
        assertThat(m.matches()).as(l).isTrue();
        return m;
      }
      if (l == null && !process.isAlive() && out.isEmpty()) {
        break;
      }
    }
    throw new AssertionError("no start-up line; stderr: " + err);
  }

  /** The first output line containing {@code containing}. */
  String awaitLine(String containing) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String l = out.poll(1, TimeUnit.SECONDS);
      if (l != null && l.contains(containing)) {
        return l;
      }
      if (l == null && !process.isAlive() && out.isEmpty()) {
        break;
      }
    }
    throw new AssertionError("no line containing '" + containing + "'; stderr: " + err);
  }

  /**
   * Sends SIGTERM through the process handle: {@code Process.destroy()} also closes this side's
   * pipes, losing whatever the child writes while it stops.
   */
  void stop() {
    process.toHandle().destroy();
  }

  int awaitExit() throws InterruptedException {
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("process exited").isTrue();
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
