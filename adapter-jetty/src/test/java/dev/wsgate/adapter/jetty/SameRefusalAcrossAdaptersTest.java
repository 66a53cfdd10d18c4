package dev.wsgate.adapter.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.adapter.javawebsocket.ConnectionHandler;
import dev.wsgate.adapter.javawebsocket.ServerConfig;
import dev.wsgate.adapter.javawebsocket.WsgateServer;
import dev.wsgate.gate.FailureRateLimiter;
import dev.wsgate.spi.Failure;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jetty.server.HttpConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java-WebSocket adapter and the Jetty adapter, each on a free loopback port behind a gate
 * built alike, answer the same hand-written request for every row of the refusal table with the
 * same status line and header lines, byte for byte, and the same body, and both close the socket.
 * Two header lines Jetty adds to every response are left out of the comparison: {@code Date} (RFC
 * 9110 §6.6.1 asks an origin server with a clock to send it; the Java-WebSocket adapter writes
 * none) and {@code Server} (the container's banner, {@code HttpConfiguration.setSendServerVersion}:
 * the embedding application's choice, not the adapter's). One status line differs by its reason
 * phrase only: Jetty 12 writes its own phrase for 500 ({@code Server Error}, not the table's {@code
 * Internal Server Error}), and the Servlet 6 API has no way to set one.
 *
 * <p>Rows not compared, because only one adapter has them: {@link Failure#NO_ENDPOINT} (Jetty's
 * filter sees only its own path; another path is the container's), {@link Failure#REQUEST_TIMEOUT}
 * and {@link Failure#REQUEST_TOO_LARGE} (in Jetty the container reads the request head, with its
 * own limits, before any filter runs), {@link Failure#SUBJECT_MISMATCH} (in-band refresh only,
 * never an upgrade).
 */
final class SameRefusalAcrossAdaptersTest {
  private static final Set<Failure> NOT_COMPARED =
      EnumSet.of(
          Failure.NO_ENDPOINT,
          Failure.REQUEST_TIMEOUT,
          Failure.REQUEST_TOO_LARGE,
          Failure.SUBJECT_MISMATCH);

  private static Pair servers;

  /** The two adapters behind one configuration of the gate each. */
  private record Pair(WsgateServer javaWebSocket, GatedJetty jetty) {
    static Pair start(FailureRateLimiter javaWebSocketLimiter, FailureRateLimiter jettyLimiter)
        throws Exception {
      WsgateServer jws =
          new WsgateServer(
              ServerConfig.defaults("127.0.0.1", 0, "/ws"),
              GatedJetty.gate(GatedJetty.MAX_TOKEN_BYTES, javaWebSocketLimiter),
              new ConnectionHandler() {},
              Clock.fixed(GatedJetty.NOW, ZoneOffset.UTC));
      jws.startAndAwait();
      GatedJetty jetty =
          GatedJetty.start(
              GatedJetty.gate(GatedJetty.MAX_TOKEN_BYTES, jettyLimiter),
              EchoEndpoint.class,
              new HttpConfiguration());
      return new Pair(jws, jetty);
    }

    void stop() throws Exception {
      javaWebSocket.shutdown(Duration.ofSeconds(1));
      jetty.stop();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    servers = Pair.start(null, null);
  }

  @AfterAll
  static void stop() throws Exception {
    servers.stop();
  }

  /** Every row of the table an upgrade can meet, with a request that meets it. */
  static Stream<Failure> rows() {
    return Arrays.stream(Failure.values())
        .filter(f -> !NOT_COMPARED.contains(f) && f != Failure.RATE_LIMITED);
  }

  /** A request both adapters refuse with {@code failure}. */
  private static RawHttp request(Failure failure) {
    String alice = GatedJetty.token("alice");
    return switch (failure) {
      case MISSING_TOKEN -> GatedJetty.upgrade("/ws");
      case ORIGIN_NOT_ALLOWED ->
          GatedJetty.upgrade("/ws?token=" + alice).header("Origin", "https://evil.example.com");
      case AMBIGUOUS_TOKEN ->
          GatedJetty.upgrade("/ws?token=" + alice)
              .header("Cookie", "wsgate_token=" + GatedJetty.token("mallory"));
      case BAD_REQUEST ->
          GatedJetty.upgrade("/ws").header("Sec-WebSocket-Protocol", "bearer." + alice);
      case TOKEN_TOO_LARGE ->
          GatedJetty.upgrade(
              "/ws?token=" + GatedJetty.token("x".repeat(GatedJetty.MAX_TOKEN_BYTES)));
      case INTERNAL_ERROR -> GatedJetty.upgrade("/ws?token=throw");
      case NOT_AN_UPGRADE -> GatedJetty.upgrade("/ws?token=" + alice).without("Sec-WebSocket-Key");
      case UNSUPPORTED_VERSION ->
          GatedJetty.upgrade("/ws?token=" + alice).header("Sec-WebSocket-Version", "8");
      default -> GatedJetty.upgrade("/ws?token=" + FakeTokenVerifier.failing(failure));
    };
  }

  @ParameterizedTest
  @MethodSource("rows")
  void refusal_sameRequest_sameStatusLineAndHeadersFromBothAdapters(Failure failure)
      throws Exception {
    assertSameRefusal(failure, servers, request(failure));
  }

  @Test
  void refusal_rateLimited_sameStatusLineAndHeadersFromBothAdapters() throws Exception {
    Clock still = Clock.fixed(GatedJetty.NOW, ZoneOffset.UTC);
    Pair limited =
        Pair.start(
            new FailureRateLimiter(1, 1, 100, still), new FailureRateLimiter(1, 1, 100, still));
    try {
      RawHttp bad = GatedJetty.upgrade("/ws?token=bad");
      assertThat(bad.send(limited.javaWebSocket.getPort()).status()).isEqualTo(401);
      assertThat(bad.send(limited.jetty.port()).status()).isEqualTo(401);

      assertSameRefusal(
          Failure.RATE_LIMITED, limited, GatedJetty.upgrade("/ws?token=" + GatedJetty.token("a")));
    } finally {
      limited.stop();
    }
  }

  private static void assertSameRefusal(Failure failure, Pair pair, RawHttp request)
      throws Exception {
    RawHttp.Response jws = request.send(pair.javaWebSocket.getPort());
    RawHttp.Response jetty = request.send(pair.jetty.port());

    assertThat(jws.status())
        .as("Java-WebSocket's status for %s", failure)
        .isEqualTo(failure.httpStatus());
    List<String> expected = comparable(jws.head());
    if (failure == Failure.INTERNAL_ERROR) {
      assertThat(expected.get(0)).isEqualTo("HTTP/1.1 500 Internal Server Error");
      expected.set(0, "HTTP/1.1 500 Server Error");
    }
    assertThat(comparable(jetty.head()))
        .as("Jetty's answer to %s, beside Java-WebSocket's", failure)
        .isEqualTo(expected);
    assertThat(jetty.body()).as("body for %s", failure).isEqualTo(jws.body());
    assertThat(jws.closed()).as("Java-WebSocket closed after %s", failure).isTrue();
    assertThat(jetty.closed()).as("Jetty closed after %s", failure).isTrue();
  }

  /** The head's lines in order, without the {@code Date} and {@code Server} lines. */
  private static List<String> comparable(String head) {
    return Arrays.stream(head.split("\r\n"))
        .filter(line -> !line.regionMatches(true, 0, "Date:", 0, 5))
        .filter(line -> !line.regionMatches(true, 0, "Server:", 0, 7))
        .collect(Collectors.toList());
  }
}
