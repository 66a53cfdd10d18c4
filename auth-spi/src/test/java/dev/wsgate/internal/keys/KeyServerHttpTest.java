package dev.wsgate.internal.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bounded GET against the JDK's own HTTP server on a loopback port. */
final class KeyServerHttpTest {
  // generous timeouts: a loaded machine must not time out the requests that should succeed
  private final KeyServerHttp http =
      new KeyServerHttp(Duration.ofSeconds(5), Duration.ofSeconds(5), 1024);
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/keys", ex -> answer(ex, 200, "{\"keys\":[]}", "public, max-age=300"));
    server.createContext(
        "/bearer",
        ex -> {
          authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
          answer(ex, 200, "{}", null);
        });
    server.createContext("/down", ex -> answer(ex, 503, "maintenance", null));
    server.createContext(
        "/moved",
        ex -> {
          ex.getResponseHeaders().set("Location", "/keys");
          answer(ex, 302, "", null);
        });
    server.createContext("/huge", ex -> answer(ex, 200, "x".repeat(2048), null));
    server.createContext(
        "/streamed",
        ex -> {
          ex.sendResponseHeaders(200, 0); // chunked: no length declared
          try (OutputStream out = ex.getResponseBody()) {
            for (int i = 0; i < 4; i++) {
              out.write("y".repeat(400).getBytes(StandardCharsets.UTF_8));
            }
          }
        });
    server.createContext(
        "/slow",
        ex -> {
          try {
            Thread.sleep(3_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          answer(ex, 200, "{}", null);
        });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static void answer(HttpExchange ex, int status, String body, String cacheControl)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (cacheControl != null) {
      ex.getResponseHeaders().set("Cache-Control", cacheControl);
    }
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  @Test
  void get_ok_bodyAndMaxAge() throws IOException {
    KeyServerHttp.Response r = http.get(uri("/keys"), Map.of());
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"keys\":[]}");
    assertThat(r.maxAge()).contains(Duration.ofMinutes(5));
  }

  @Test
  void get_extraHeaders_sent() throws IOException {
    http.get(uri("/bearer"), Map.of("Authorization", "Bearer sk_test_x"));
    assertThat(authorizations).containsExactly("Bearer sk_test_x");
  }

  @Test
  void get_statusOtherThan200_failsNamingTheStatus() {
    assertThatThrownBy(() -> http.get(uri("/down"), Map.of()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("HTTP 503");
  }

  @Test
  void get_redirect_notFollowed() {
    assertThatThrownBy(() -> http.get(uri("/moved"), Map.of()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("HTTP 302");
  }

  @Test
  void get_bodyOverTheLimit_refusedDeclaredOrStreamed() {
    assertThatThrownBy(() -> http.get(uri("/huge"), Map.of()))
        .isInstanceOf(KeyServerHttp.TooLargeException.class);
    assertThatThrownBy(() -> http.get(uri("/streamed"), Map.of()))
        .isInstanceOf(KeyServerHttp.TooLargeException.class);
  }

  @Test
  void get_slowerThanTheReadTimeout_timesOut() {
    KeyServerHttp impatient =
        new KeyServerHttp(Duration.ofSeconds(5), Duration.ofMillis(300), 1024);
    assertThatThrownBy(() -> impatient.get(uri("/slow"), Map.of()))
        .isInstanceOf(SocketTimeoutException.class);
  }

  @Test
  void maxAge_absentOrOnlySharedMaxAge_empty() {
    assertThat(new KeyServerHttp.Response(new byte[0], Map.of()).maxAge()).isEmpty();
    assertThat(
            new KeyServerHttp.Response(
                    new byte[0], Map.of("cache-control", List.of("public, s-maxage=60")))
                .maxAge())
        .isEmpty();
    assertThat(
            new KeyServerHttp.Response(
                    new byte[0], Map.of("Cache-Control", List.of("max-age=99999999999999")))
                .maxAge())
        .contains(Duration.ofSeconds(999_999_999));
  }
}
