package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script of {@code browser-tests/} (playwright-core driving the Debian {@code chromium}) and
 * returns the JSON line it printed last. Fails, never skips, when Chromium or the npm packages are
 * missing: see browser-tests/README.md.
 */
final class Chromium {
  private Chromium() {}

  /** {@code browser-tests/}, or the folder named by {@code -Dwsgate.browser-tests}. */
  static Path browserTestsDir() {
    return repoDir("wsgate.browser-tests", "browser-tests");
  }

  /** A top-level folder of the repository, or the one a system property names. */
  static Path repoDir(String property, String folder) {
    String configured = System.getProperty(property);
    return (configured == null ? Path.of("..", folder) : Path.of(configured))
        .toAbsolutePath()
        .normalize();
  }

  static void requireInstalled() {
    Path chromium = Path.of(System.getenv().getOrDefault("WSGATE_CHROMIUM", "/usr/bin/chromium"));
    assertThat(Files.isExecutable(chromium))
        .as("Chromium is needed at %s: apt-get install -y chromium", chromium)
        .isTrue();
    assertThat(browserTestsDir().resolve("node_modules/playwright-core/package.json"))
        .as("npm packages are needed: (cd browser-tests && npm ci)")
        .exists();
  }

  /**
   * Runs {@code node <script> <config>} in browser-tests/; its output and standard error are kept
   * in target/ ({@code <script>.json}, {@code <script>.log}).
   */
  static String run(String script, String config, int timeoutSeconds) throws Exception {
    String name = script.replace(".mjs", "");
    Path out = Path.of("target", name + ".json").toAbsolutePath();
    Path err = Path.of("target", name + ".log").toAbsolutePath();
    Files.createDirectories(err.getParent());
    Process node =
        new ProcessBuilder("node", script, config)
            .directory(browserTestsDir().toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      assertThat(node.waitFor(timeoutSeconds, TimeUnit.SECONDS))
          .as("node %s finished", script)
          .isTrue();
      assertThat(node.exitValue())
          .as("node %s exit code; stderr: %s", script, Files.readString(err))
          .isZero();
      List<String> lines = Files.readAllLines(out);
      assertThat(lines).as("node %s output", script).isNotEmpty();
      return lines.get(lines.size() - 1);
    } finally {
      node.destroyForcibly();
    }
  }

  /** Answers a page server's request with {@code body}, never cached. */
  static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
