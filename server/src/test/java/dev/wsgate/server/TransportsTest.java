package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.java_websocket.WebSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.enums.Opcode;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The server's features over real sockets on each transport ({@code wsgate.transport}): accepted
 * upgrades and their subprotocol, the ticket endpoint on the WebSocket port, connection limits, the
 * failed-handshake limiter behind a trusted proxy, graceful shutdown; and the refusals of both
 * transports compared byte for byte.
 */
final class TransportsTest {
  private static final Pattern TICKET = Pattern.compile("\"ticket\":\"([^\"]+)\"");

  private static String token(String subject) {
    return FakeTokenVerifier.token(subject, Instant.now().plusSeconds(600));
  }

  private static Clients.Recording connect(TestServer server, String subject) throws Exception {
    Clients.Recording c =
        new Clients.Recording(
            server.uri("/ws?token=" + token(subject)), Map.of("Origin", TestServer.ORIGIN));
    assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).as("connected").isTrue();
    return c;
  }

  private static RawHttp.Response upgrade(TestServer server, String query, String... headers)
      throws Exception {
    String[] lines = new String[headers.length + 1];
    lines[0] = "Origin: " + TestServer.ORIGIN;
    System.arraycopy(headers, 0, lines, 1, headers.length);
    return RawHttp.exchange(server.port, RawHttp.upgrade("/ws?" + query, lines));
  }

  @ParameterizedTest
  @MethodSource("dev.wsgate.server.TestServer#transports")
  void accepted_echoes_andSelectsOnlyTheApplicationSubprotocol(String transport) throws Exception {
    try (TestServer server = TestServer.start(TestServer.on(transport, Map.of()))) {
      Clients.Recording client = connect(server, "alice");
      client.send("hello");
      assertThat(client.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("hello");
      assertThat(server.server.openConnections()).isEqualTo(1);
      client.closeBlocking();

      RawHttp.Response r =
          RawHttp.exchange(
              server.port,
              RawHttp.upgrade(
                  "/ws",
                  "Origin: " + TestServer.ORIGIN,
                  "Sec-WebSocket-Protocol: app.v1, bearer." + token("bob")));
      assertThat(r.status()).isEqualTo(101);
      assertThat(r.header("Sec-WebSocket-Protocol")).isEqualTo("app.v1");
      assertThat(r.head()).doesNotContain("bearer.");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.wsgate.server.TestServer#transports")
  void fragmentedMessage_echoedWhole_andMessagesInOneFrameStillEchoed(String transport)
      throws Exception {
    try (TestServer server = TestServer.start(TestServer.on(transport, Map.of()))) {
      Clients.Recording client = connect(server, "dora");
      client.send("one");
      assertThat(client.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("one");

      client.sendFragmentedFrame(Opcode.TEXT, utf8("frag"), false);
      client.sendFragmentedFrame(Opcode.TEXT, utf8("men"), false);
      client.sendFragmentedFrame(Opcode.TEXT, utf8("ted"), true);
      assertThat(client.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("fragmented");

      client.send("two");
      assertThat(client.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("two");
      client.closeBlocking();
    }
  }

  private static ByteBuffer utf8(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Requests refused before and by the gate: each answer's bytes, compared across transports. */
  private static List<String> refusedRequests() {
    String valid = token("carol");
    String origin = "Origin: " + TestServer.ORIGIN;
    return List.of(
        RawHttp.upgrade("/ws?token=bad", origin),
        RawHttp.upgrade("/ws", origin),
        RawHttp.upgrade("/ws?token=" + valid, "Origin: https://evil.example"),
        RawHttp.upgrade("/elsewhere?token=" + valid, origin),
        RawHttp.upgrade("/ws?token=" + valid, origin, "Sec-WebSocket-Version: 8"),
        "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        "POST /ws/ticket HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
  }

  @Test
  void refusals_areTheSameBytesOnBothTransports() throws Exception {
    Map<String, String> p = new HashMap<>();
    p.put("wsgate.tickets.enabled", "true");
    try (TestServer jws = TestServer.start(TestServer.on("java-websocket", p));
        TestServer netty = TestServer.start(TestServer.on("netty", p))) {
      for (String request : refusedRequests()) {
        RawHttp.Response a = RawHttp.exchange(jws.port, request);
        RawHttp.Response b = RawHttp.exchange(netty.port, request);
        assertThat(a.status()).as(request).isBetween(400, 499);
        assertThat(b.head()).as(request).isEqualTo(a.head());
        assertThat(b.body()).as(request).isEqualTo(a.body());
        assertThat(b.closed()).as(request).isTrue();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("dev.wsgate.server.TestServer#transports")
  void ticket_issuedOnTheWebSocketPort_isRedeemedOnce(String transport) throws Exception {
    try (TestServer server =
        TestServer.start(TestServer.on(transport, Map.of("wsgate.tickets.enabled", "true")))) {
      RawHttp.Response preflight =
          RawHttp.exchange(
              server.port,
              "OPTIONS /ws/ticket HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: "
                  + TestServer.ORIGIN
                  + "\r\nAccess-Control-Request-Method: POST\r\n\r\n");
      assertThat(preflight.status()).isEqualTo(204);
      assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(TestServer.ORIGIN);

      RawHttp.Response issued =
          RawHttp.exchange(
              server.port,
              "POST /ws/ticket HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: "
                  + TestServer.ORIGIN
                  + "\r\nAuthorization: Bearer "
                  + token("dave")
                  + "\r\nContent-Length: 0\r\n\r\n");
      assertThat(issued.status()).isEqualTo(200);
      assertThat(issued.header("Cache-Control")).isEqualTo("no-store");
      Matcher m = TICKET.matcher(issued.body());
      assertThat(m.find()).isTrue();

      assertThat(upgrade(server, "ticket=" + m.group(1)).status()).isEqualTo(101);
      assertThat(upgrade(server, "ticket=" + m.group(1)).status()).isEqualTo(401);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.wsgate.server.TestServer#transports")
  void perSubjectLimit_refuses429_untilTheOpenConnectionCloses(String transport) throws Exception {
    try (TestServer server =
        TestServer.start(
            TestServer.on(transport, Map.of("wsgate.limits.max-connections-per-subject", "1")))) {
      Clients.Recording first = connect(server, "erin");

      RawHttp.Response second = upgrade(server, "token=" + token("erin"));
      assertThat(second.status()).isEqualTo(429);
      assertThat(second.body()).contains("this subject holds its maximum number of connections");
      assertThat(upgrade(server, "token=" + token("frank")).status()).isEqualTo(101);

      first.closeBlocking();
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> upgrade(server, "token=" + token("erin")).status() == 101);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.wsgate.server.TestServer#transports")
  void failedHandshakeLimit_behindATrustedProxy_countsTheForwardedClient(String transport)
      throws Exception {
    Map<String, String> p = new HashMap<>();
    p.put("wsgate.rate-limit.enabled", "true");
    p.put("wsgate.rate-limit.burst", "2");
    p.put("wsgate.rate-limit.per-minute", "1");
    p.put("wsgate.trusted-proxies", "127.0.0.1");
    try (TestServer server = TestServer.start(TestServer.on(transport, p))) {
      String mallory = "X-Forwarded-For: 203.0.113.7";
      assertThat(upgrade(server, "token=bad", mallory).status()).isEqualTo(401);
      assertThat(upgrade(server, "token=bad", mallory).status()).isEqualTo(401);
      RawHttp.Response limited = upgrade(server, "token=bad", mallory);
      assertThat(limited.status()).isEqualTo(429);
      assertThat(limited.header("Retry-After")).isNotNull();

      assertThat(upgrade(server, "token=bad", "X-Forwarded-For: 203.0.113.8").status())
          .isEqualTo(401);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.wsgate.server.TestServer#transports")
  void shutdown_closesOpenConnectionsWith1001(String transport) throws Exception {
    TestServer server = TestServer.start(TestServer.on(transport, Map.of()));
    Clients.Recording client = connect(server, "grace");

    server.close();

    assertThat(client.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1001);
  }

  @ParameterizedTest
  @MethodSource("dev.wsgate.server.TestServer#transports")
  void startupLine_namesTheTransport(String transport) {
    try (TestServer server = TestServer.start(TestServer.on(transport, Map.of()))) {
      String line = StartupLine.of(server.configuration, server.port);

      assertThat(line).endsWith(" tenants=1 transport=" + transport);
      assertThat(ServerProcess.LISTENING.matcher(line).matches()).isTrue();
      assertThat(server.server.name()).isEqualTo(transport);
    }
  }

  /** A client that answers pings (Java-WebSocket's default) and counts them. */
  private static final class PingCounting extends WebSocketClient {
    final Semaphore pings = new Semaphore(0);

    PingCounting(URI uri) {
      super(uri, Map.of("Origin", TestServer.ORIGIN));
      setConnectionLostTimeout(0); // the server's pings are under test, not the client's
    }

    @Override
    public void onWebsocketPing(WebSocket conn, Framedata f) {
      pings.release();
      super.onWebsocketPing(conn, f);
    }

    @Override
    public void onOpen(ServerHandshake h) {}

    @Override
    public void onMessage(String message) {}

    @Override
    public void onClose(int code, String reason, boolean remote) {}

    @Override
    public void onError(Exception ex) {}
  }

  @ParameterizedTest
  @MethodSource("dev.wsgate.server.TestServer#transports")
  void idleConnection_isPinged_andStaysOpenWhileItAnswers(String transport) throws Exception {
    try (TestServer server =
        TestServer.start(TestServer.on(transport, Map.of("wsgate.session.ping-interval", "1s")))) {
      PingCounting client = new PingCounting(server.uri("/ws?token=" + token("henry")));
      assertThat(client.connectBlocking(10, TimeUnit.SECONDS)).isTrue();

      // two pings span more than 1.5 intervals: the pongs kept the connection alive in between
      assertThat(client.pings.tryAcquire(2, 10, TimeUnit.SECONDS)).isTrue();
      assertThat(client.isOpen()).isTrue();
      client.closeBlocking();
    }
  }
}
