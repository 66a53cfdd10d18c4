package dev.wsgate.server;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * nginx as a WebSocket reverse proxy in front of wsgate instances: a generated configuration in a
 * temporary directory, run in the foreground as the current user (no system service), stopped by
 * {@link #close()}. It reaches the upstreams from {@link #UPSTREAM_SOURCE}, so that the test can
 * tell the proxy's address from the client's.
 */
final class Nginx implements AutoCloseable {
  /** The address nginx binds for its upstream connections ({@code proxy_bind}). */
  static final String UPSTREAM_SOURCE = "127.0.0.3";

  private final Process process;
  private final Path dir;
  final int port;

  private Nginx(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** The nginx binary; fails (never skips) the test when it is not installed. */
  static Path binary() {
    for (String candidate : List.of("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx")) {
      Path p = Path.of(candidate);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new AssertionError(
        "nginx is needed for the scale-out test: apt-get install -y nginx (.ci/run does it)");
  }

  static Nginx start(Path dir, List<Integer> upstreamPorts) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String servers =
        upstreamPorts.stream()
            .map(p -> "    server 127.0.0.1:" + p + " max_fails=1 fail_timeout=60s;")
            .collect(Collectors.joining("\n"));
    String d = dir.toAbsolutePath().toString();
    String conf =
        String.join(
            "\n",
            "worker_processes 1;",
            "daemon off;",
            "pid " + d + "/nginx.pid;",
            "error_log " + d + "/error.log info;",
            "events { worker_connections 128; }",
            "http {",
            "  access_log " + d + "/access.log;",
            "  client_body_temp_path " + d + "/body;",
            "  proxy_temp_path " + d + "/proxy;",
            "  fastcgi_temp_path " + d + "/fastcgi;",
            "  uwsgi_temp_path " + d + "/uwsgi;",
            "  scgi_temp_path " + d + "/scgi;",
            "  upstream wsgate {",
            servers,
            "  }",
            "  server {",
            "    listen 127.0.0.1:" + port + ";",
            "    location / {",
            "      proxy_pass http://wsgate;",
            "      proxy_bind " + UPSTREAM_SOURCE + ";",
            "      proxy_http_version 1.1;",
            "      proxy_set_header Upgrade $http_upgrade;",
            "      proxy_set_header Connection \"upgrade\";",
            "      proxy_set_header Host $host;",
            "      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
            "      proxy_next_upstream error timeout;",
            "      proxy_read_timeout 1h;",
            "    }",
            "  }",
            "}",
            "");
    Path file = dir.resolve("nginx.conf");
    Files.writeString(file, conf, StandardCharsets.UTF_8);
    Process p =
        new ProcessBuilder(
                binary().toString(), "-p", d, "-e", d + "/error.log", "-c", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("stdout.log").toFile())
            .start();
    Nginx nginx = new Nginx(p, dir, port);
    try {
      await("nginx listening")
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> !p.isAlive() || listening(port));
    } catch (ConditionTimeoutException e) {
      // reported below with the log
    }
    if (!p.isAlive() || !listening(port)) {
      nginx.close();
      throw new AssertionError("nginx did not start: " + nginx.errorLog());
    }
    return nginx;
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  String errorLog() {
    try {
      return Files.readString(dir.resolve("error.log"))
          + Files.readString(dir.resolve("stdout.log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy(); // SIGTERM: fast shutdown of master and workers
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
