package dev.wsgate.adapter.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.adapter.javawebsocket.fixtures.LogCapture;
import dev.wsgate.spi.Failure;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every refusal as it appears on the wire: a real HTTP status, never a 101, then a closed socket.
 */
final class HandshakeRefusalTest {
  private static final String ORIGIN = "Origin: " + EmbeddedServer.ORIGIN;
  private static EmbeddedServer server;

  @BeforeAll
  static void start() {
    server =
        EmbeddedServer.builder()
            .maxTokenBytes(512)
            .handshakeMaxBytes(4096)
            .handshakeTimeout(Duration.ofSeconds(1))
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static RawHttp.Response send(String target, String... headers) throws Exception {
    return RawHttp.exchange(server.port, RawHttp.upgrade(target, headers));
  }

  private static void assertRefused(RawHttp.Response r, int status) {
    assertThat(r.status()).isEqualTo(status);
    assertThat(r.header("connection")).isEqualTo("close");
    assertThat(r.header("content-type")).startsWith("text/plain");
    assertThat(r.header("sec-websocket-accept")).isNull();
    assertThat(r.body()).isNotBlank();
    assertThat(r.closed()).as("socket closed after the refusal").isTrue();
  }

  @ParameterizedTest
  @EnumSource(Failure.class)
  void upgrade_verifierFails_answersStatusOfFailureTable(Failure failure) throws Exception {
    RawHttp.Response r = send("/ws?token=" + FakeTokenVerifier.failing(failure), ORIGIN);

    assertRefused(r, failure.httpStatus());
    if (failure.httpStatus() == 401) {
      assertThat(r.header("www-authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
    } else {
      assertThat(r.header("www-authenticate")).isNull();
    }
  }

  @Test
  void upgrade_verifierThrows_answers500() throws Exception {
    assertRefused(send("/ws?token=throw", ORIGIN), 500);
  }

  @Test
  void upgrade_verifierThatMayBlockThrowsOrReturnsNull_answers500AndLogsOneLineEach()
      throws Exception {
    // the fake may block: it is called on the verify pool, not on the gate's thread
    assertThat(server.gate.tenants().get("default").verifier().mayBlock()).isTrue();
    try (LogCapture log = LogCapture.start()) {
      assertRefused(send("/ws?token=throw", ORIGIN), 500);
      assertRefused(send("/ws?token=null", ORIGIN), 500);
      assertThat(log.lines())
          .filteredOn(
              l ->
                  l.contains(
                      "verifier of tenant default threw java.lang.IllegalStateException instead of"
                          + " an AuthenticationException"))
          .hasSize(1);
      assertThat(log.lines())
          .filteredOn(l -> l.contains("verifier of tenant default returned null"))
          .hasSize(1);
      assertThat(log.text()).doesNotContain("scripted failure");
    }
  }

  @Test
  void upgrade_noToken_answers401WithChallenge() throws Exception {
    RawHttp.Response r = send("/ws", ORIGIN);

    assertRefused(r, 401);
    assertThat(r.header("www-authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
  }

  @Test
  void upgrade_wrongOrigin_answers403() throws Exception {
    RawHttp.Response r = send("/ws?token=" + valid(), "Origin: https://evil.example.com");

    assertRefused(r, 403);
    assertThat(r.body()).contains("https://evil.example.com");
  }

  @Test
  void upgrade_duplicateOrigin_answers400() throws Exception {
    RawHttp.Response r = send("/ws?token=" + valid(), ORIGIN, "Origin: https://evil.example.com");

    assertRefused(r, 400);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Origin : https://evil.example.com", // whitespace before the colon
        " folded-into: the previous field",
        "X-Note: a\nOrigin: https://evil.example.com", // a bare LF
        "X-Note: a\u0000b"
      })
  void upgrade_malformedHeaderField_answers400(String field) throws Exception {
    assertRefused(send("/ws?token=" + valid(), ORIGIN, field), 400);
  }

  @Test
  void upgrade_bearerOnlySubprotocol_answers400() throws Exception {
    RawHttp.Response r = send("/ws", ORIGIN, "Sec-WebSocket-Protocol: bearer." + valid());

    assertRefused(r, 400);
    assertThat(r.body()).contains("app.v1");
  }

  @Test
  void upgrade_tokenOverMaxTokenBytes_answers431() throws Exception {
    assertRefused(send("/ws?token=fake." + "a".repeat(600) + ".1", ORIGIN), 431);
  }

  @Test
  void upgrade_requestOverMaxBytes_answers431BeforeParsing() throws Exception {
    RawHttp.Response r = send("/ws", ORIGIN, "X-Padding: " + "p".repeat(8000));

    assertRefused(r, 431);
  }

  @Test
  void upgrade_otherPath_answers404() throws Exception {
    assertRefused(send("/other?token=" + valid(), ORIGIN), 404);
  }

  @Test
  void plainHttpGet_otherPath_answers404() throws Exception {
    RawHttp.Response r =
        RawHttp.exchange(server.port, "GET /favicon.ico HTTP/1.1\r\nHost: x\r\n\r\n");

    assertRefused(r, 404);
  }

  @Test
  void post_answers400() throws Exception {
    RawHttp.Response r = RawHttp.exchange(server.port, "POST /ws HTTP/1.1\r\nHost: x\r\n\r\n");

    assertRefused(r, 400);
  }

  @Test
  void upgrade_wrongVersion_answers426() throws Exception {
    String request =
        RawHttp.upgrade("/ws?token=" + valid(), ORIGIN)
            .replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8");

    RawHttp.Response r = RawHttp.exchange(server.port, request);

    assertRefused(r, 426);
    assertThat(r.header("sec-websocket-version")).isEqualTo("13");
  }

  @Test
  void upgrade_neverCompleted_answers408AndCloses() throws Exception {
    byte[] partial = "GET /ws HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII);

    RawHttp.Response r = RawHttp.exchange(server.port, partial);

    assertRefused(r, 408);
  }

  @Test
  void server_afterRefusals_stillAccepts() throws Exception {
    send("/other", ORIGIN);
    send("/ws?token=bad", ORIGIN);

    RawHttp.Response r = send("/ws?token=" + valid(), ORIGIN);

    assertThat(r.status()).isEqualTo(101);
  }

  private static String valid() {
    return FakeTokenVerifier.token("alice", Instant.now().plusSeconds(3600));
  }
}
