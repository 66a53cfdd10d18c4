package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.gate.Redaction;
import dev.wsgate.spi.Failure;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end checks against a running server with real clients: the JDK's {@code
 * java.net.http.WebSocket}, Java-WebSocket's client, and a raw socket for the exact HTTP refusal.
 */
final class Handshakes {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Handshakes() {}

  /** Overrides for {@link TestServer#start(Map)} that drop its fake provider. */
  static Map<String, String> withoutFakeProvider(Map<String, String> properties) {
    Map<String, String> p = new HashMap<>();
    p.put("wsgate.provider", null);
    p.put("wsgate.provider.fake.must-be-set", null);
    // a loaded CI machine must not turn a slow first key fetch into a 503
    p.put("wsgate.handshake.verify-timeout", "30s");
    p.putAll(properties);
    return p;
  }

  static String query(String token) {
    return "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
  }

  /** The raw HTTP answer to an upgrade of {@code path} carrying {@code token} in the query. */
  static RawHttp.Response upgrade(int port, String path, String token, String... headers)
      throws IOException {
    return RawHttp.exchange(port, RawHttp.upgrade(path + query(token), headers));
  }

  /** Like {@link #upgrade} with another {@code Host} header (tenants by host). */
  static RawHttp.Response upgradeAt(
      int port, String host, String path, String token, String... headers) throws IOException {
    String request = RawHttp.upgrade(path + query(token), headers);
    return RawHttp.exchange(
        port, request.replace("\r\nHost: 127.0.0.1\r\n", "\r\nHost: " + host + "\r\n"));
  }

  /**
   * Asserts the raw answer is a refusal with {@code failure}'s status, closed, showing no token,
   * and that the server logged it as {@code failure} for {@code tenant} with the token's
   * fingerprint.
   */
  static void assertRefused(
      RawHttp.Response r, Failure failure, String token, String tenant, LogCapture log) {
    assertThat(r.status()).as(r.statusLine() + " " + r.body()).isEqualTo(failure.httpStatus());
    assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
    assertThat(r.closed()).as("socket closed after the refusal").isTrue();
    assertThat(r.body()).doesNotContain(token);
    assertThat(log.text()).doesNotContain(token);
    if (failure.httpStatus() == 401) {
      assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
    }
    String expected =
        "handshake rejected status=" + failure.httpStatus() + " failure=" + failure.name() + " ";
    String fingerprint = "token=" + Redaction.fingerprint(token);
    assertThat(log.lines())
        .as("log line for %s (tenant %s)", failure, tenant)
        .anyMatch(
            l ->
                l.contains(expected)
                    && l.contains(" tenant=" + tenant + " ")
                    && (failure == Failure.ORIGIN_NOT_ALLOWED
                        || tenant.equals("-")
                        || l.endsWith(fingerprint)
                        || l.contains(fingerprint + " ")));
  }

  /** Opens a socket with {@code java.net.http} (token as a subprotocol), echoes one text frame. */
  static String jdkEcho(URI uri, String origin, String token, String text) throws Exception {
    BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    WebSocket ws =
        HTTP.newWebSocketBuilder()
            .header("Origin", origin)
            .subprotocols("app.v1", "bearer." + token)
            .buildAsync(uri, collecting(texts))
            .get(20, TimeUnit.SECONDS);
    try {
      assertThat(ws.getSubprotocol()).isEqualTo("app.v1");
      ws.sendText(text, true).get(10, TimeUnit.SECONDS);
      return texts.poll(20, TimeUnit.SECONDS);
    } finally {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }
  }

  /** The HTTP status {@code java.net.http} saw when the server refused the upgrade. */
  static int jdkRefusal(URI uri, String origin, String token) throws Exception {
    try {
      WebSocket ws =
          HTTP.newWebSocketBuilder()
              .header("Origin", origin)
              .subprotocols("app.v1", "bearer." + token)
              .buildAsync(uri, collecting(new LinkedBlockingQueue<>()))
              .get(20, TimeUnit.SECONDS);
      ws.abort();
      throw new AssertionError("the upgrade was accepted");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
      return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
    }
  }

  /** Opens a socket with Java-WebSocket's client (token in the query), echoes one text frame. */
  static String javaWebSocketEcho(URI uri, String origin, String token, String text)
      throws Exception {
    Clients.Recording client =
        new Clients.Recording(URI.create(uri + query(token)), Map.of("Origin", origin));
    try {
      assertThat(client.connectBlocking(20, TimeUnit.SECONDS)).as("connected").isTrue();
      client.send(text);
      return client.messages.poll(20, TimeUnit.SECONDS);
    } finally {
      client.closeBlocking();
    }
  }

  /** Whether Java-WebSocket's client got a connection (it does not expose a refusal's status). */
  static boolean javaWebSocketConnects(URI uri, String origin, String token) throws Exception {
    Clients.Recording client =
        new Clients.Recording(URI.create(uri + query(token)), Map.of("Origin", origin));
    try {
      return client.connectBlocking(20, TimeUnit.SECONDS);
    } finally {
      client.closeBlocking();
    }
  }

  private static WebSocket.Listener collecting(BlockingQueue<String> texts) {
    return new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
        texts.add(data.toString());
        w.request(1);
        return null;
      }
    };
  }
}
