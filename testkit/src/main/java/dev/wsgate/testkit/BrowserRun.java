package dev.wsgate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs {@code browser-tests/run.mjs} (playwright-core driving the Debian {@code chromium}) against
 * a server under test, and serves the pages it needs: {@code /} (a blank page), {@code
 * /token?ttl=S&kind=valid|invalid} (a token as text) and {@code /login} (sets the {@code HttpOnly}
 * cookie {@code wsgate_token}). Fails, never skips, when Chromium or the npm packages are missing:
 * see browser-tests/README.md.
 */
public final class BrowserRun {
  private BrowserRun() {}

  /**
   * A page server on a free loopback port.
   *
   * @param token the token for a {@code /token} query ({@code ttl=2}, {@code kind=invalid}, or
   *     empty for a valid ten-minute token)
   */
  public static HttpServer pages(Function<String, String> token) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    s.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          String query = exchange.getRequestURI().getQuery();
          if (path.equals("/token")) {
            respond(exchange, 200, "text/plain", token.apply(query == null ? "" : query));
          } else if (path.equals("/login")) {
            exchange
                .getResponseHeaders()
                .add(
                    "Set-Cookie",
                    "wsgate_token="
                        + token.apply("")
                        + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=600");
            respond(exchange, 200, "text/plain", "logged in");
          } else if (path.equals("/")) {
            respond(exchange, 200, "text/html", "<!doctype html><title>wsgate</title><p>page");
          } else {
            respond(exchange, 404, "text/plain", "not found");
          }
        });
    s.start();
    return s;
  }

  /**
   * Runs the browser cases and returns run.mjs's result object: for each case {@code opened},
   * {@code protocol}, {@code echo} and {@code closeCode}.
   *
   * @param browserTests the {@code browser-tests} folder
   * @param config run.mjs's argument: {@code ws}, {@code allowed}, {@code otherSite}, {@code
   *     sameSite}
   */
  public static Map<String, Object> run(Path browserTests, String config) throws Exception {
    Path chromium = Path.of(System.getenv().getOrDefault("WSGATE_CHROMIUM", "/usr/bin/chromium"));
    assertThat(Files.isExecutable(chromium))
        .as("Chromium is needed at %s: apt-get install -y chromium", chromium)
        .isTrue();
    assertThat(browserTests.resolve("node_modules/playwright-core/package.json"))
        .as("npm packages are needed: (cd browser-tests && npm ci)")
        .exists();
    Path out = Files.createTempFile("wsgate-browser", ".json");
    Path err = Path.of("target", "browser-tests.log").toAbsolutePath();
    Files.createDirectories(err.getParent());
    Process node =
        new ProcessBuilder("node", "run.mjs", config)
            .directory(browserTests.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      assertThat(node.waitFor(180, TimeUnit.SECONDS)).as("node run.mjs finished").isTrue();
      assertThat(node.exitValue())
          .as("node run.mjs exit code; stderr: %s", Files.readString(err))
          .isZero();
      List<String> lines = Files.readAllLines(out);
      assertThat(lines).as("node run.mjs output").isNotEmpty();
      @SuppressWarnings("unchecked")
      Map<String, Object> results =
          new ObjectMapper().readValue(lines.get(lines.size() - 1), Map.class);
      return results;
    } finally {
      node.destroyForcibly();
      Files.deleteIfExists(out);
    }
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
