package dev.wsgate.adapter.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.adapter.javawebsocket.ConnectionHandler;
import dev.wsgate.adapter.javawebsocket.ConnectionLimits;
import dev.wsgate.adapter.javawebsocket.ExpiryMode;
import dev.wsgate.adapter.javawebsocket.ServerConfig;
import dev.wsgate.adapter.javawebsocket.WsgateServer;
import dev.wsgate.session.SessionPolicy;
import dev.wsgate.spi.Failure;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of the refusal table, sent as the same bytes to the Netty adapter and to the
 * Java-WebSocket adapter (same gate settings, same limits): both answer with the same bytes (status
 * line, headers in order, body) and close the socket.
 */
final class RefusalParityTest {
  private static final String ORIGIN = "Origin: " + NettyServer.ORIGIN;
  private static final int MAX_REQUEST_BYTES = 4096;
  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(1);

  private static NettyServer netty;
  private static WsgateServer javaWebSocket;

  @BeforeAll
  static void start() throws IOException {
    Clock clock = Clock.systemUTC();
    netty =
        NettyServer.start(
            NettyServer.gate(new FakeTokenVerifier(), 512, clock),
            new NettyGateConfig(
                Set.of("/ws"),
                HANDSHAKE_TIMEOUT,
                MAX_REQUEST_BYTES,
                NettyGateConfig.DEFAULT_MAX_FRAME_BYTES,
                4,
                SessionPolicy.defaults()),
            clock);
    ServerConfig d = ServerConfig.defaults("127.0.0.1", 0, "/ws");
    javaWebSocket =
        new WsgateServer(
            new ServerConfig(
                d.host(),
                d.port(),
                d.backlog(),
                d.paths(),
                2,
                HANDSHAKE_TIMEOUT,
                MAX_REQUEST_BYTES,
                d.maxFrameBytes(),
                ExpiryMode.CLOSE,
                d.expiryJitter(),
                false,
                d.maxLifetime(),
                d.revocationInterval(),
                List.of(),
                ConnectionLimits.defaults(),
                d.pingInterval()),
            NettyServer.gate(new FakeTokenVerifier(), 512, clock),
            ConnectionHandler.echo(),
            clock);
    javaWebSocket.startAndAwait();
  }

  @AfterAll
  static void stop() {
    netty.close();
    javaWebSocket.shutdown(Duration.ofSeconds(1));
  }

  /** Everything the server wrote until it closed the connection (at most 10 s). */
  private static Answer exchange(int port, String request) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(10_000);
      try {
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
      } catch (IOException e) {
        // refused and closed before the whole request was written
      }
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      byte[] buffer = new byte[4096];
      try {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          all.write(buffer, 0, n);
        }
      } catch (SocketTimeoutException e) {
        return new Answer(all.toString(StandardCharsets.ISO_8859_1), false);
      } catch (IOException reset) {
        // reset by the server after it closed: also closed
      }
      return new Answer(all.toString(StandardCharsets.ISO_8859_1), true);
    }
  }

  private record Answer(String bytes, boolean closed) {}

  private static void assertSameAnswer(String request, int status) throws IOException {
    Answer reference = exchange(javaWebSocket.getPort(), request);
    Answer answer = exchange(netty.port, request);

    assertThat(reference.bytes()).startsWith("HTTP/1.1 " + status + " ");
    assertThat(answer.bytes()).isEqualTo(reference.bytes());
    assertThat(answer.closed()).as("socket closed after the refusal").isTrue();
  }

  @ParameterizedTest
  @EnumSource(Failure.class)
  void refusal_verifierFails_sameBytesAsJavaWebSocket(Failure failure) throws IOException {
    assertSameAnswer(
        RawHttp.upgrade("/ws?token=" + FakeTokenVerifier.failing(failure), ORIGIN),
        failure.httpStatus());
  }

  static Stream<Arguments> transportAndGateRows() {
    String valid = FakeTokenVerifier.token("ann", Instant.now().plusSeconds(600));
    return Stream.of(
        Arguments.of("missing token", RawHttp.upgrade("/ws", ORIGIN), 401),
        Arguments.of(
            "origin not allowed",
            RawHttp.upgrade("/ws?token=" + valid, "Origin: https://evil.example.com"),
            403),
        Arguments.of("origin missing", RawHttp.upgrade("/ws?token=" + valid), 403),
        Arguments.of(
            "two different tokens",
            RawHttp.upgrade("/ws?token=" + valid, ORIGIN, "Authorization: Bearer other.token"),
            400),
        Arguments.of(
            "bearer subprotocol only",
            RawHttp.upgrade("/ws", ORIGIN, "Sec-WebSocket-Protocol: bearer." + valid),
            400),
        Arguments.of(
            "token too large", RawHttp.upgrade("/ws?token=" + "a".repeat(600), ORIGIN), 431),
        Arguments.of("verifier throws", RawHttp.upgrade("/ws?token=throw", ORIGIN), 500),
        Arguments.of("verifier returns null", RawHttp.upgrade("/ws?token=null", ORIGIN), 500),
        Arguments.of("no endpoint", RawHttp.upgrade("/elsewhere?token=" + valid, ORIGIN), 404),
        Arguments.of(
            "not an upgrade", "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n" + ORIGIN + "\r\n\r\n", 400),
        Arguments.of(
            "not a GET", RawHttp.upgrade("/ws?token=" + valid, ORIGIN).replace("GET", "PUT"), 400),
        Arguments.of(
            "unsupported version",
            RawHttp.upgrade("/ws?token=" + valid, ORIGIN)
                .replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8"),
            426),
        Arguments.of(
            "request too large",
            RawHttp.upgrade("/ws?token=" + valid, ORIGIN, "X-Pad: " + "p".repeat(8000)),
            431),
        Arguments.of(
            "request not completed in time", "GET /ws?token=" + valid + " HTTP/1.1\r\n", 408));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transportAndGateRows")
  void refusal_transportAndGateRows_sameBytesAsJavaWebSocket(String row, String request, int status)
      throws IOException {
    assertSameAnswer(request, status);
  }
}
