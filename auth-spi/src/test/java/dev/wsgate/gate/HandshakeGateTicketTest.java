package dev.wsgate.gate;

import static dev.wsgate.testkit.HandshakeRequests.of;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.VerifiedToken;
import dev.wsgate.testkit.RecordingTokenVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tickets through the gate: the ticket request, the endpoint's answers, redemption at upgrade. */
final class HandshakeGateTicketTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String APP = "https://app.example.com";
  private static final String EVIL = "https://evil.example.com";
  private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2ln";

  private final RecordingTokenVerifier verifier =
      RecordingTokenVerifier.answering(
          (token, context) -> {
            if (!token.equals(TOKEN)) {
              throw new AuthenticationException(Failure.INVALID_SIGNATURE, "bad signature");
            }
            return VerifiedToken.builder("recording", "alice")
                .expiresAt(context.now().plusSeconds(600))
                .build();
          });
  private final Tickets tickets = Tickets.inMemory(Tickets.DEFAULT_TTL, CLOCK);
  private final DenyList deny = new DenyList();

  private TenantPolicy tenant(String id, Tickets t, boolean allowMissing, TokenExtractor... more) {
    List<TokenExtractor> extractors = new ArrayList<>();
    if (t != null) {
      extractors.add(TokenExtractors.ticket("ticket", t));
    }
    extractors.add(TokenExtractors.query("token"));
    extractors.addAll(List.of(more));
    return new TenantPolicy(
        id,
        OriginPolicy.of(List.of(APP), allowMissing),
        extractors,
        verifier,
        List.of("app.v1"),
        TenantPolicy.DEFAULT_MAX_TOKEN_BYTES,
        Duration.ofSeconds(30));
  }

  private HandshakeGate gate(TenantPolicy... tenants) {
    HandshakeGate.Builder b = HandshakeGate.builder().clock(CLOCK).revocationCheck(deny);
    for (TenantPolicy t : tenants) {
      b.tenant(t);
    }
    if (tenants.length > 1) {
      b.resolver(TenantResolver.byPathPrefix(Map.of("/acme", "acme", "/globex", "globex")));
    }
    return b.build();
  }

  private static Decision settle(Evaluation e) {
    return e instanceof Decision d
        ? d
        : ((PendingVerification) e).verify(Runnable::run).toCompletableFuture().join();
  }

  private static Failure failure(Evaluation e) {
    Decision d = settle(e);
    assertThat(d).isInstanceOf(Decision.Rejected.class);
    return ((Decision.Rejected) d).failure();
  }

  private static HandshakeRequest ticketRequest(String path, String... headers) {
    return of(path, headers);
  }

  private String issue(HandshakeGate gate, String path) {
    HandshakeRequest request =
        ticketRequest(path, "Origin", APP, "Authorization", "Bearer " + TOKEN);
    TicketEndpoint endpoint = new TicketEndpoint(gate);
    HttpAnswer answer = endpoint.answer(settle(endpoint.begin(request)), request);
    assertThat(answer.status())
        .as(new String(answer.body(), StandardCharsets.UTF_8))
        .isEqualTo(200);
    String body = new String(answer.body(), StandardCharsets.UTF_8);
    return body.substring(body.indexOf(":\"") + 2, body.indexOf("\","));
  }

  @Test
  void ticketRequest_bearerTokenFromAllowedOrigin_isAccepted() {
    HandshakeGate gate = gate(tenant("default", tickets, false));
    Decision d =
        settle(
            gate.beginTicketRequest(
                ticketRequest("/ws", "Origin", APP, "Authorization", "Bearer " + TOKEN)));
    assertThat(d).isInstanceOf(Decision.Accepted.class);
    assertThat(((Decision.Accepted) d).token().subject()).isEqualTo("alice");
  }

  @Test
  void ticketRequest_refusedLikeAnUpgrade() {
    HandshakeGate gate = gate(tenant("default", tickets, true));
    String bearer = "Bearer " + TOKEN;
    assertThat(failure(gate.beginTicketRequest(ticketRequest("/ws", "Authorization", bearer))))
        .as("no Origin, even with allow-missing")
        .isEqualTo(Failure.ORIGIN_NOT_ALLOWED);
    assertThat(
            failure(
                gate.beginTicketRequest(
                    ticketRequest("/ws", "Origin", EVIL, "Authorization", bearer))))
        .isEqualTo(Failure.ORIGIN_NOT_ALLOWED);
    assertThat(
            failure(
                gate.beginTicketRequest(
                    ticketRequest("/ws", "Origin", APP, "Authorization", "Bearer x" + TOKEN))))
        .isEqualTo(Failure.INVALID_SIGNATURE);
    assertThat(failure(gate.beginTicketRequest(ticketRequest("/ws", "Origin", APP))))
        .isEqualTo(Failure.MISSING_TOKEN);
    // the query is no place for the token of a ticket request
    assertThat(failure(gate.beginTicketRequest(ticketRequest("/ws?token=" + TOKEN, "Origin", APP))))
        .isEqualTo(Failure.MISSING_TOKEN);
  }

  @Test
  void ticketRequest_cookieOnlyWhenTheTenantReadsOne() {
    String cookie = "wsgate_token=" + TOKEN;
    HandshakeGate withCookie =
        gate(tenant("default", tickets, false, TokenExtractors.cookie("wsgate_token")));
    assertThat(
            settle(
                withCookie.beginTicketRequest(
                    ticketRequest("/ws", "Origin", APP, "Cookie", cookie))))
        .isInstanceOf(Decision.Accepted.class);
    HandshakeGate without = gate(tenant("default", tickets, false));
    assertThat(
            failure(
                without.beginTicketRequest(ticketRequest("/ws", "Origin", APP, "Cookie", cookie))))
        .isEqualTo(Failure.MISSING_TOKEN);
  }

  @Test
  void ticketRequest_tenantWithoutTickets_hasNoEndpoint() {
    HandshakeGate gate = gate(tenant("default", null, false));
    assertThat(
            failure(
                gate.beginTicketRequest(
                    ticketRequest("/ws", "Origin", APP, "Authorization", "Bearer " + TOKEN))))
        .isEqualTo(Failure.NO_ENDPOINT);
  }

  @Test
  void upgradeWithTicket_acceptedWithoutTheVerifier_thenReplayIsInvalid() {
    HandshakeGate gate = gate(tenant("default", tickets, false));
    String ticket = issue(gate, "/ws");
    int verifications = verifier.calls().size();

    Decision d = settle(gate.begin(of("/ws?ticket=" + ticket, "Origin", APP)));
    assertThat(d).isInstanceOf(Decision.Accepted.class);
    Decision.Accepted a = (Decision.Accepted) d;
    assertThat(a.token().subject()).isEqualTo("alice");
    assertThat(a.token().expiresAt()).contains(NOW.plusSeconds(600));
    assertThat(a.tokenFingerprint()).isEqualTo(Redaction.fingerprint(ticket));
    assertThat(verifier.calls()).hasSize(verifications);

    assertThat(failure(gate.begin(of("/ws?ticket=" + ticket, "Origin", APP))))
        .isEqualTo(Failure.INVALID_TICKET);
  }

  @Test
  void upgradeWithTicket_unknownOrFromAnotherOrigin_isInvalidTicket401() {
    HandshakeGate gate = gate(tenant("default", tickets, false));
    Decision.Rejected r =
        (Decision.Rejected) settle(gate.begin(of("/ws?ticket=" + "x".repeat(43), "Origin", APP)));
    assertThat(r.failure()).isEqualTo(Failure.INVALID_TICKET);
    assertThat(r.refusal().status()).isEqualTo(401);

    HandshakeGate wide =
        HandshakeGate.builder()
            .clock(CLOCK)
            .tenant(
                new TenantPolicy(
                    "default",
                    OriginPolicy.of(List.of("https://*.example.com"), false),
                    List.of(
                        TokenExtractors.ticket("ticket", tickets), TokenExtractors.query("token")),
                    verifier,
                    List.of(),
                    TenantPolicy.DEFAULT_MAX_TOKEN_BYTES,
                    Duration.ofSeconds(30)))
            .build();
    String ticket = issue(wide, "/ws");
    assertThat(
            failure(wide.begin(of("/ws?ticket=" + ticket, "Origin", "https://other.example.com"))))
        .isEqualTo(Failure.INVALID_TICKET);
  }

  @Test
  void upgradeWithTicket_atAnotherTenant_isInvalidTicket() {
    HandshakeGate gate = gate(tenant("acme", tickets, false), tenant("globex", tickets, false));
    String ticket = issue(gate, "/acme/ws");
    assertThat(failure(gate.begin(of("/globex/ws?ticket=" + ticket, "Origin", APP))))
        .isEqualTo(Failure.INVALID_TICKET);
    String another = issue(gate, "/acme/ws");
    assertThat(settle(gate.begin(of("/acme/ws?ticket=" + another, "Origin", APP))))
        .isInstanceOf(Decision.Accepted.class);
  }

  @Test
  void upgradeWithTicket_andAToken_isAmbiguous() {
    HandshakeGate gate = gate(tenant("default", tickets, false));
    String ticket = issue(gate, "/ws");
    assertThat(failure(gate.begin(of("/ws?ticket=" + ticket + "&token=" + TOKEN, "Origin", APP))))
        .isEqualTo(Failure.AMBIGUOUS_TOKEN);
  }

  @Test
  void upgradeWithTicket_subjectRevokedSinceIssue_isRevoked() {
    HandshakeGate gate = gate(tenant("default", tickets, false));
    String ticket = issue(gate, "/ws");
    deny.denySubject("default", "alice", NOW.plusSeconds(60));
    assertThat(failure(gate.begin(of("/ws?ticket=" + ticket, "Origin", APP))))
        .isEqualTo(Failure.REVOKED);
  }

  @Test
  void upgradeWithTicket_tokenExpiredSinceIssue_isExpired() {
    TenantPolicy early = tenant("default", tickets, false);
    HandshakeGate issuer =
        HandshakeGate.builder()
            .clock(Clock.offset(CLOCK, Duration.ofSeconds(-700)))
            .tenant(early)
            .build();
    String ticket = issue(issuer, "/ws"); // a token that expired 100 s ago, a ticket still valid
    assertThat(failure(gate(early).begin(of("/ws?ticket=" + ticket, "Origin", APP))))
        .isEqualTo(Failure.EXPIRED);
  }

  @Test
  void answer_ticket_is200JsonWithCorsForThatOriginOnly() {
    HandshakeGate gate = gate(tenant("default", tickets, false));
    TicketEndpoint endpoint = new TicketEndpoint(gate);
    HandshakeRequest request =
        ticketRequest("/ws", "Origin", APP, "Authorization", "Bearer " + TOKEN);
    HttpAnswer a = endpoint.answer(settle(endpoint.begin(request)), request);
    assertThat(a.status()).isEqualTo(200);
    assertThat(new String(a.body(), StandardCharsets.UTF_8))
        .matches("\\{\"ticket\":\"[A-Za-z0-9_-]{43}\",\"expires_in\":30}");
    assertThat(a.header("Content-Type")).isEqualTo("application/json");
    assertThat(a.header("Access-Control-Allow-Origin")).isEqualTo(APP);
    assertThat(a.header("Vary")).isEqualTo("Origin");
    assertThat(a.header("Cache-Control")).isEqualTo("no-store");
    assertThat(a.header("Access-Control-Allow-Credentials")).isNull();
    assertThat(new String(a.httpResponse(), StandardCharsets.US_ASCII))
        .startsWith("HTTP/1.1 200 OK\r\n");
  }

  @Test
  void answer_tenantReadsACookie_allowsCredentials() {
    HandshakeGate gate =
        gate(tenant("default", tickets, false, TokenExtractors.cookie("wsgate_token")));
    TicketEndpoint endpoint = new TicketEndpoint(gate);
    HandshakeRequest request =
        ticketRequest("/ws", "Origin", APP, "Cookie", "wsgate_token=" + TOKEN);
    HttpAnswer a = endpoint.answer(settle(endpoint.begin(request)), request);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.header("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(
            endpoint
                .preflight(ticketRequest("/ws", "Origin", APP))
                .header("Access-Control-Allow-Credentials"))
        .isEqualTo("true");
  }

  @Test
  void answer_refusal_corsOnlyForAnAllowedOrigin() {
    HandshakeGate gate = gate(tenant("default", tickets, false));
    TicketEndpoint endpoint = new TicketEndpoint(gate);
    HandshakeRequest bad = ticketRequest("/ws", "Origin", APP, "Authorization", "Bearer y" + TOKEN);
    HttpAnswer unauthorized = endpoint.answer(settle(endpoint.begin(bad)), bad);
    assertThat(unauthorized.status()).isEqualTo(401);
    assertThat(unauthorized.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
    assertThat(unauthorized.header("Access-Control-Allow-Origin")).isEqualTo(APP);
    assertThat(unauthorized.header("Access-Control-Expose-Headers")).isEqualTo("Retry-After");

    HandshakeRequest evil =
        ticketRequest("/ws", "Origin", EVIL, "Authorization", "Bearer " + TOKEN);
    HttpAnswer forbidden = endpoint.answer(settle(endpoint.begin(evil)), evil);
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.headers()).noneMatch(h -> h.name().startsWith("Access-Control-"));
  }

  @Test
  void preflight_allowedOrigin204_otherOrigin403WithoutCors_noTickets404() {
    TicketEndpoint endpoint = new TicketEndpoint(gate(tenant("default", tickets, false)));
    HttpAnswer ok = endpoint.preflight(ticketRequest("/ws", "Origin", APP));
    assertThat(ok.status()).isEqualTo(204);
    assertThat(ok.header("Access-Control-Allow-Origin")).isEqualTo(APP);
    assertThat(ok.header("Vary")).isEqualTo("Origin");
    assertThat(ok.header("Access-Control-Allow-Methods")).isEqualTo("POST");
    assertThat(ok.header("Access-Control-Allow-Headers")).isEqualTo("authorization, content-type");

    for (HttpAnswer refused :
        List.of(
            endpoint.preflight(ticketRequest("/ws", "Origin", EVIL)),
            endpoint.preflight(ticketRequest("/ws", "Origin", "null")),
            endpoint.preflight(ticketRequest("/ws")))) {
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.headers()).noneMatch(h -> h.name().startsWith("Access-Control-"));
    }
    TicketEndpoint none = new TicketEndpoint(gate(tenant("default", null, false)));
    assertThat(none.preflight(ticketRequest("/ws", "Origin", APP)).status()).isEqualTo(404);
  }
}
