package dev.wsgate.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real {@code redis-server} (Debian's package) for tests: its own port on loopback and its own
 * data directory, no persistence, started in the foreground and stopped by its process. {@link
 * #stop()} and {@link #restart()} keep the port, so that clients see an outage and a return of the
 * same server, which comes back with no data (no persistence), as after a crash.
 */
public final class RedisProcess implements AutoCloseable {
  private final Path dir;
  private final int port;
  private Process process;

  private RedisProcess(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** The redis-server binary; fails (never skips) the test when it is not installed. */
  public static Path binary() {
    for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
      Path p = Path.of(candidate);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new AssertionError(
        "redis-server is needed: apt-get install -y redis-server (.ci/run does it)");
  }

  /** Starts a server on a free loopback port with {@code dir} as its working directory. */
  public static RedisProcess start(Path dir) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    RedisProcess redis = new RedisProcess(dir, port);
    redis.launch();
    return redis;
  }

  /** {@code redis://127.0.0.1:PORT}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Kills the server at once (SIGKILL: no goodbye to clients), keeping its port for a restart. */
  public void stop() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      process = null;
    }
  }

  /** Starts the server again on the same port; without persistence it comes back empty. */
  public void restart() throws IOException, InterruptedException {
    stop();
    launch();
  }

  /**
   * Sends one command in RESP and returns the raw reply text (for assertions on what the server
   * holds, independent of the client under test).
   */
  public String command(String... args) throws IOException {
    StringBuilder out = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      byte[] b = a.getBytes(StandardCharsets.UTF_8);
      out.append('$').append(b.length).append("\r\n").append(a).append("\r\n");
    }
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5_000);
      OutputStream o = s.getOutputStream();
      o.write(out.toString().getBytes(StandardCharsets.UTF_8));
      o.flush();
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private void launch() throws IOException {
    Files.createDirectories(dir);
    process =
        new ProcessBuilder(
                binary().toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                dir.toAbsolutePath().toString(),
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "yes")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try {
        if (command("PING").startsWith("+PONG")) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new AssertionError("redis-server did not start: " + log());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // poll for readiness
    }
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("redis.log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
