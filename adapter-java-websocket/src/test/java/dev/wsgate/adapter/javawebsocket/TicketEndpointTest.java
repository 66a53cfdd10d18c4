package dev.wsgate.adapter.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.gate.OriginPolicy;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.Tickets;
import dev.wsgate.gate.TokenExtractors;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The ticket endpoint over real sockets: its answers byte for byte, redemption at the upgrade. */
final class TicketEndpointTest {
  private static final String ORIGIN = EmbeddedServer.ORIGIN;
  private static final Pattern TICKET = Pattern.compile("\"ticket\":\"([A-Za-z0-9_-]{43})\"");
  private static final String TOKEN =
      FakeTokenVerifier.token("alice", Instant.now().plusSeconds(600));

  private static EmbeddedServer start(boolean cookie) {
    Tickets tickets = Tickets.inMemory(Tickets.DEFAULT_TTL, Clock.systemUTC());
    List<dev.wsgate.gate.TokenExtractor> extractors =
        cookie
            ? List.of(
                TokenExtractors.ticket("ticket", tickets), TokenExtractors.cookie("wsgate_token"))
            : List.of(TokenExtractors.ticket("ticket", tickets), TokenExtractors.header());
    return EmbeddedServer.builder()
        .tenant(
            new TenantPolicy(
                "default",
                OriginPolicy.of(List.of(ORIGIN), false),
                extractors,
                new FakeTokenVerifier(),
                List.of("app.v1"),
                TenantPolicy.DEFAULT_MAX_TOKEN_BYTES,
                Duration.ofSeconds(30)))
        .start();
  }

  private static String post(String... headers) {
    StringBuilder b = new StringBuilder("POST /ws/ticket HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (String h : headers) {
      b.append(h).append("\r\n");
    }
    return b.append("Content-Length: 0\r\n\r\n").toString();
  }

  private static String ticketOf(RawHttp.Response r) {
    Matcher m = TICKET.matcher(r.body());
    assertThat(m.find()).as(r.body()).isTrue();
    return m.group(1);
  }

  @Test
  void post_bearerFromAllowedOrigin_is200TicketWithCors() throws Exception {
    try (EmbeddedServer server = start(false)) {
      RawHttp.Response r =
          RawHttp.exchange(
              server.port, post("Origin: " + ORIGIN, "Authorization: Bearer " + TOKEN));
      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(r.body()).matches("\\{\"ticket\":\"[A-Za-z0-9_-]{43}\",\"expires_in\":30}");
      assertThat(r.header("Content-Type")).isEqualTo("application/json");
      assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
      assertThat(r.header("Vary")).isEqualTo("Origin");
      assertThat(r.header("Cache-Control")).isEqualTo("no-store");
      assertThat(r.header("Access-Control-Allow-Credentials")).isNull();
      assertThat(r.closed()).isTrue();
    }
  }

  @Test
  void post_refusals_haveTheUpgradesStatuses() throws Exception {
    try (EmbeddedServer server = start(false)) {
      RawHttp.Response badToken =
          RawHttp.exchange(server.port, post("Origin: " + ORIGIN, "Authorization: Bearer nope"));
      assertThat(badToken.status()).isEqualTo(401);
      assertThat(badToken.header("Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
      RawHttp.Response evil =
          RawHttp.exchange(
              server.port,
              post("Origin: https://evil.example.com", "Authorization: Bearer " + TOKEN));
      assertThat(evil.status()).isEqualTo(403);
      assertThat(evil.header("Access-Control-Allow-Origin")).isNull();
      RawHttp.Response noOrigin =
          RawHttp.exchange(server.port, post("Authorization: Bearer " + TOKEN));
      assertThat(noOrigin.status()).isEqualTo(403);
      assertThat(RawHttp.exchange(server.port, post("Origin: " + ORIGIN)).status()).isEqualTo(401);
      // only {path}/ticket takes a POST
      assertThat(
              RawHttp.exchange(
                      server.port,
                      post("Origin: " + ORIGIN).replace("POST /ws/ticket", "POST /ws/tickets"))
                  .status())
          .isEqualTo(400);
    }
  }

  @Test
  void preflight_allowedOrigin204_otherOrigin403WithoutCors() throws Exception {
    try (EmbeddedServer server = start(true)) {
      String preflight =
          "OPTIONS /ws/ticket HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: %s\r\n"
              + "Access-Control-Request-Method: POST\r\n"
              + "Access-Control-Request-Headers: authorization\r\n\r\n";
      RawHttp.Response ok = RawHttp.exchange(server.port, String.format(preflight, ORIGIN));
      assertThat(ok.statusLine()).isEqualTo("HTTP/1.1 204 No Content");
      assertThat(ok.header("Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
      assertThat(ok.header("Access-Control-Allow-Methods")).isEqualTo("POST");
      assertThat(ok.header("Access-Control-Allow-Headers"))
          .isEqualTo("authorization, content-type");
      assertThat(ok.header("Access-Control-Allow-Credentials")).isEqualTo("true");
      RawHttp.Response evil =
          RawHttp.exchange(server.port, String.format(preflight, "https://evil.example.com"));
      assertThat(evil.status()).isEqualTo(403);
      assertThat(evil.headers().keySet()).noneMatch(h -> h.startsWith("access-control-"));
    }
  }

  @Test
  void upgradeWithTicket_101Once_thenInvalidTicket401() throws Exception {
    try (EmbeddedServer server = start(false)) {
      String ticket =
          ticketOf(
              RawHttp.exchange(
                  server.port, post("Origin: " + ORIGIN, "Authorization: Bearer " + TOKEN)));
      String upgrade = RawHttp.upgrade("/ws?ticket=" + ticket, "Origin: " + ORIGIN);
      assertThat(RawHttp.exchange(server.port, upgrade).status()).isEqualTo(101);
      RawHttp.Response replay = RawHttp.exchange(server.port, upgrade);
      assertThat(replay.status()).isEqualTo(401);
      assertThat(replay.body()).contains("ticket is unknown, already used or expired");

      String other =
          ticketOf(
              RawHttp.exchange(
                  server.port, post("Origin: " + ORIGIN, "Authorization: Bearer " + TOKEN)));
      RawHttp.Response elsewhere =
          RawHttp.exchange(
              server.port,
              RawHttp.upgrade("/ws?ticket=" + other, "Origin: https://evil.example.com"));
      assertThat(elsewhere.status()).isEqualTo(403); // the origin check comes first
    }
  }

  @Test
  void cookieTenant_ticketFromTheCookie_allowsCredentials() throws Exception {
    try (EmbeddedServer server = start(true)) {
      RawHttp.Response r =
          RawHttp.exchange(server.port, post("Origin: " + ORIGIN, "Cookie: wsgate_token=" + TOKEN));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Access-Control-Allow-Credentials")).isEqualTo("true");
    }
  }
}
