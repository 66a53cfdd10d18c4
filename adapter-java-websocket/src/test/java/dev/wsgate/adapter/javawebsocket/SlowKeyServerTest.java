package dev.wsgate.adapter.javawebsocket;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.wsgate.adapter.javawebsocket.EmbeddedServer.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.wsgate.adapter.javawebsocket.fixtures.Handshakes;
import dev.wsgate.adapter.javawebsocket.fixtures.Jwts;
import dev.wsgate.adapter.javawebsocket.internal.upgrade.VerificationPools;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.testkit.MutableClock;
import dev.wsgate.testkit.RawHttp;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 8: a key server that answers after 5 s slows neither another tenant's handshakes nor
 * handshakes whose key is cached. Three tenants by path: {@code slow} and {@code fast} ({@code
 * jwks} against WireMock, keys made here; two tenants that may block, so each gets half of the
 * verify pool) and {@code plain} ({@code hmac}, verified inline). No durations are asserted: every
 * handshake that must not wait has to complete while the slow key server has not yet sent its
 * delayed response (a WireMock listener sees it sent).
 */
final class SlowKeyServerTest {
  private static final String SECRET = "fast-tenant-secret-of-at-least-32-bytes!";
  private static final String ISSUER = "https://login.slow.example/";
  private static final String AUDIENCE = "chat";
  private static final RSAKey CACHED = Jwts.rsa("cached-1");
  private static final RSAKey FAST = Jwts.rsa("fast-1");
  private static final int DECODERS = 2;
  private static final int POOL_THREADS = VerificationPools.verifyThreads(DECODERS);
  private static final int SHARE = VerificationPools.tenantShare(DECODERS, 2);

  /** Counts down when a response of the key server has been sent in full. */
  private static final class Served implements ServeEventListener {
    volatile CountDownLatch slowResponse = new CountDownLatch(1);

    @Override
    public void afterComplete(ServeEvent event, Parameters parameters) {
      Integer delay = event.getTiming().getAddedDelay();
      if (event.getRequest().getUrl().equals("/slow/keys") && delay != null && delay > 0) {
        slowResponse.countDown();
      }
    }

    @Override
    public String getName() {
      return "served";
    }
  }

  private static final Served SERVED = new Served();

  @RegisterExtension
  static final WireMockExtension IDP =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().extensions(SERVED))
          .build();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T12:00:00Z"));
  private EmbeddedServer server;

  @BeforeEach
  void start() {
    SERVED.slowResponse = new CountDownLatch(1);
    IDP.stubFor(get("/slow/keys").willReturn(okJson(Jwts.jwks(CACHED))));
    IDP.stubFor(get("/fast/keys").willReturn(okJson(Jwts.jwks(FAST))));
    server =
        EmbeddedServer.builder()
            .decoders(DECODERS)
            .cacheEntries(0) // every handshake reaches the key lookup
            // longer than the slow fetch: handshakes within the share get the fetch's answer, not
            // 503
            .verifyTimeout(Duration.ofSeconds(30))
            .byPath("slow", jwks("slow"))
            .byPath("fast", jwks("fast"))
            .byPath(
                "plain",
                EmbeddedServer.provider(
                    "hmac", "plain", clock, Map.of("secret", SECRET, "audience", AUDIENCE)))
            .clock(clock)
            .start();
  }

  private TokenVerifier jwks(String tenant) {
    return EmbeddedServer.provider(
        "jwks",
        tenant,
        clock,
        Map.of(
            "jwks-uri",
            IDP.url("/" + tenant + "/keys"),
            "issuer",
            ISSUER,
            "audience",
            AUDIENCE,
            "connect-timeout",
            "5s",
            "read-timeout",
            "20s",
            "cache-ttl",
            "5m"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String slowToken(RSAKey key) {
    return Jwts.rs256(
        key, Jwts.claims("alice", ISSUER, AUDIENCE, clock.instant(), Duration.ofHours(1)).build());
  }

  private String hmacToken(String subject) {
    return Jwts.hs256(
        SECRET, Jwts.claims(subject, null, AUDIENCE, clock.instant(), Duration.ofHours(1)).build());
  }

  /** Waits until the first (prefetch) fetch is done and the slow tenant accepts a cached key. */
  private void keysCached() throws Exception {
    String token = slowToken(CACHED);
    assertThat(Handshakes.jdkEcho(server.uri("/slow/ws"), ORIGIN, token, "warm")).isEqualTo("warm");
  }

  /** From now on the key server answers after 5 s. */
  private static void keyServerSlow() {
    IDP.stubFor(get("/slow/keys").willReturn(okJson(Jwts.jwks(CACHED)).withFixedDelay(5_000)));
  }

  private void awaitSlowFetchStarted(int fetches) {
    await("the key server's fetch " + fetches)
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(25))
        .until(() -> IDP.findAll(getRequestedFor(urlEqualTo("/slow/keys"))).size() >= fetches);
  }

  /**
   * Waits until as many of the slow tenant's verifications as its share of the pool are pending.
   */
  private void awaitShareTaken() {
    await("the slow tenant's share taken")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(25))
        .until(() -> server.server.gate().pendingVerifications("slow") == SHARE);
  }

  private boolean slowResponseSent() {
    return SERVED.slowResponse.getCount() == 0;
  }

  /** Opens {@code n} sockets to {@code path} sending an upgrade request each, unanswered yet. */
  private List<Socket> pending(int n, String path, String token) throws Exception {
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Socket s = new Socket("127.0.0.1", server.port);
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(
          RawHttp.upgrade(path + Handshakes.query(token), "Origin: " + ORIGIN)
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      sockets.add(s);
    }
    return sockets;
  }

  private static List<Integer> statuses(List<Socket> sockets) throws Exception {
    List<Integer> statuses = new ArrayList<>();
    for (Socket s : sockets) {
      try (s) {
        statuses.add(RawHttp.read(s.getInputStream()).status());
      }
    }
    return statuses;
  }

  @Test
  void cachedKid_refreshDueAndKeyServerSlow_handshakesCompleteBeforeTheSlowResponse()
      throws Exception {
    keysCached();
    keyServerSlow();
    // past cache-ttl - refresh-ahead: the next lookup starts the refresh in the background
    clock.advance(Duration.ofMinutes(4).plusSeconds(45));
    String token = slowToken(CACHED);
    assertThat(Handshakes.upgrade(server.port, "/slow/ws", token, "Origin: " + ORIGIN).status())
        .isEqualTo(101);
    awaitSlowFetchStarted(2);

    for (int i = 0; i < 10; i++) {
      assertThat(Handshakes.jdkEcho(server.uri("/slow/ws"), ORIGIN, slowToken(CACHED), "e" + i))
          .isEqualTo("e" + i);
      assertThat(slowResponseSent()).as("handshake %d waited for the slow fetch", i).isFalse();
    }
    assertThat(SERVED.slowResponse.await(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void unknownKidFlood_otherTenantsHandshakes_allAcceptedBeforeTheSlowResponse() throws Exception {
    keysCached();
    keyServerSlow();
    List<Socket> flood = pending(3 * POOL_THREADS, "/slow/ws", slowToken(Jwts.rsa("unknown-1")));
    awaitSlowFetchStarted(2);

    for (int i = 0; i < 3 * DECODERS; i++) {
      String fast = Jwts.rs256(FAST, claims("fast-" + i));
      assertThat(Handshakes.jdkEcho(server.uri("/fast/ws"), ORIGIN, fast, "f" + i))
          .as("jwks tenant handshake %d", i)
          .isEqualTo("f" + i);
      assertThat(
              Handshakes.javaWebSocketEcho(
                  server.uri("/plain/ws"), ORIGIN, hmacToken("p" + i), "p"))
          .as("hmac tenant handshake %d", i)
          .isEqualTo("p");
      assertThat(slowResponseSent()).as("handshake %d waited for the slow fetch", i).isFalse();
    }
    assertThat(SERVED.slowResponse.await(30, TimeUnit.SECONDS)).isTrue();
    // waiting for the keys holds no thread of the tenant's share (jwks completes verifyAsync from
    // the fetch): every request of the flood gets the fetch's answer, the kid is still unknown
    assertThat(statuses(flood)).hasSize(3 * POOL_THREADS).containsOnly(401);
  }

  /**
   * Scenario 3, the same tenant: while unknown-kid requests wait for the slow fetch, a cached kid
   * is verified at once, however many of them wait: waiting for keys holds no thread of the
   * tenant's share. It never waits for the fetch.
   */
  @Test
  void unknownKidWaiting_cachedKidOfTheSameTenant_answeredBeforeTheSlowResponse() throws Exception {
    keysCached();
    keyServerSlow();
    String unknown = slowToken(Jwts.rsa("unknown-2"));
    List<Socket> first = pending(1, "/slow/ws", unknown);
    awaitSlowFetchStarted(2);

    for (int i = 0; i < 3; i++) {
      assertThat(Handshakes.jdkEcho(server.uri("/slow/ws"), ORIGIN, slowToken(CACHED), "c" + i))
          .isEqualTo("c" + i);
      assertThat(slowResponseSent()).as("cached kid %d waited for the slow fetch", i).isFalse();
    }
    List<Socket> rest = pending(SHARE - 1, "/slow/ws", unknown);
    awaitShareTaken();
    for (int i = 0; i < 3; i++) {
      assertThat(Handshakes.jdkEcho(server.uri("/slow/ws"), ORIGIN, slowToken(CACHED), "d" + i))
          .isEqualTo("d" + i);
      assertThat(slowResponseSent()).as("cached kid %d waited for the slow fetch", i).isFalse();
    }
    assertThat(SERVED.slowResponse.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(statuses(first)).containsOnly(401);
    assertThat(statuses(rest)).containsOnly(401);
  }

  private JWTClaimsSet claims(String subject) {
    return Jwts.claims(subject, ISSUER, AUDIENCE, clock.instant(), Duration.ofHours(1)).build();
  }
}
