package dev.wsgate.adapter.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.testkit.RawHttp;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What Spring Boot 4.0.7 answers, without wsgate, to the bad upgrades wsgate refuses: the table in
 * the README, kept true by these assertions. A connection "left open" is one the server did not
 * close within two seconds of its answer.
 */
final class SpringAloneTest {
  private static ConfigurableApplicationContext servlet;
  private static ConfigurableApplicationContext reactive;

  /**
   * Left running until the test JVM exits, like the shared applications: closing a WebFlux context
   * disposes Reactor Netty's global event loops, which every WebFlux server in the JVM shares.
   */
  @BeforeAll
  static void start() {
    servlet = HandWrittenApps.start(HandWrittenApps.Servlet.class, WebApplicationType.SERVLET);
    reactive = HandWrittenApps.start(HandWrittenApps.Reactive.class, WebApplicationType.REACTIVE);
  }

  /**
   * @param target the request target; a good token unless the row is about the token
   * @param tomcat the status line and whether Tomcat closed the connection
   * @param netty the same on Reactor Netty
   */
  record Row(
      String name, String target, Function<RawHttp, RawHttp> request, String tomcat, String netty) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String GOOD = "/ws?token=good";

  static Stream<Row> rows() {
    String evil = "https://evil.example.net";
    return Stream.of(
        new Row(
            "bad token",
            "/ws?token=bad",
            r -> r.header("Origin", TestGate.ORIGIN),
            "HTTP/1.1 200  open",
            "HTTP/1.1 401 Unauthorized open"),
        new Row(
            "other origin",
            GOOD,
            r -> r.header("Origin", evil),
            "HTTP/1.1 403  open",
            "HTTP/1.1 101 Switching Protocols open"),
        new Row(
            "Origin: null",
            GOOD,
            r -> r.header("Origin", "null"),
            "HTTP/1.1 403  open",
            "HTTP/1.1 101 Switching Protocols open"),
        new Row(
            "no Origin",
            GOOD,
            r -> r,
            "HTTP/1.1 101  open",
            "HTTP/1.1 101 Switching Protocols open"),
        new Row(
            "two Origin headers",
            GOOD,
            r -> r.header("Origin", TestGate.ORIGIN).add("Origin", evil),
            "HTTP/1.1 101  open",
            "HTTP/1.1 101 Switching Protocols open"),
        new Row(
            "9000-byte query",
            GOOD + "a".repeat(9000),
            r -> r.header("Origin", TestGate.ORIGIN),
            "HTTP/1.1 400  closed",
            "HTTP/1.1 414 Request-URI Too Long closed"),
        new Row(
            "9000-byte cookie",
            GOOD,
            r -> r.header("Origin", TestGate.ORIGIN).header("Cookie", "t=" + "a".repeat(9000)),
            "HTTP/1.1 400  closed",
            "HTTP/1.1 431 Request Header Fields Too Large closed"),
        new Row(
            "Sec-WebSocket-Version: 8",
            GOOD,
            r -> r.header("Origin", TestGate.ORIGIN).header("Sec-WebSocket-Version", "8"),
            "HTTP/1.1 426  open",
            "HTTP/1.1 101 Switching Protocols open"));
  }

  private static String answer(Row row, ConfigurableApplicationContext app) throws Exception {
    RawHttp.Response a =
        row.request()
            .apply(RawHttp.to(row.target()).readTimeout(Duration.ofSeconds(2)))
            .send(HandWrittenApps.port(app));
    assertThat(a.header("WWW-Authenticate")).isNull();
    return a.statusLine() + " " + (a.closed() ? "closed" : "open");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void springAlone_badUpgrade_answersAsTheReadmeSays(Row row) throws Exception {
    assertThat(answer(row, servlet)).as("Tomcat").isEqualTo(row.tomcat());
    assertThat(answer(row, reactive)).as("Reactor Netty").isEqualTo(row.netty());
  }
}
