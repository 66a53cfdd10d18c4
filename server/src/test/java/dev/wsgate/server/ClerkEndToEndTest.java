package dev.wsgate.server;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.wsgate.adapter.javawebsocket.fixtures.Handshakes.assertRefused;
import static dev.wsgate.adapter.javawebsocket.fixtures.Handshakes.upgrade;
import static dev.wsgate.server.TestServer.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.wsgate.adapter.javawebsocket.fixtures.Handshakes;
import dev.wsgate.adapter.javawebsocket.fixtures.Jwts;
import dev.wsgate.adapter.javawebsocket.fixtures.LogCapture;
import dev.wsgate.spi.Failure;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server with {@code wsgate.provider=clerk}: networkless {@code jwt-key} mode with the PEM, and
 * {@code secret-key} mode against Clerk's JWKS endpoint played by WireMock ({@code api-url}).
 * Tokens have the shape of Clerk session tokens (60 s, {@code azp}, {@code sid}).
 */
final class ClerkEndToEndTest {
  private static final String ISSUER = "https://happy-otter-42.clerk.accounts.dev";
  private static final String ADMIN = "https://admin.example.com";
  private static final String SECRET = "sk_test_wsgateEndToEndSecret0123456789";
  private static final RSAKey KEY = Jwts.rsa("ins_2e2eKeyA");
  private static final RSAKey OTHER = Jwts.rsa("ins_2e2eKeyA");

  @RegisterExtension
  static final WireMockExtension CLERK =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static JWTClaimsSet.Builder session(String azp, Instant iat) {
    return new JWTClaimsSet.Builder()
        .subject("user_2e2eAlice")
        .issuer(ISSUER)
        .claim("azp", azp)
        .claim("sid", "sess_2e2eSession")
        .claim("sts", "active")
        .claim("v", 2)
        .notBeforeTime(Date.from(iat.minusSeconds(10)))
        .issueTime(Date.from(iat))
        .expirationTime(Date.from(iat.plusSeconds(60)));
  }

  private static String token(RSAKey key, JWTClaimsSet claims) {
    return Jwts.rs256(key, claims);
  }

  private static TestServer start(Map<String, String> provider) {
    Map<String, String> p = new HashMap<>(provider);
    p.put("wsgate.provider", "clerk");
    p.put("wsgate.origins", ORIGIN + "," + ADMIN);
    return TestServer.start(TestServer.withoutFakeProvider(p));
  }

  private static void refused(
      TestServer s, String token, String origin, Failure failure, LogCapture log)
      throws IOException {
    assertRefused(
        upgrade(s.port, "/ws", token, "Origin: " + origin), failure, token, "default", log);
  }

  @Test
  void jwtKey_validSessionToken_bothClientsConnectAndEcho() throws Exception {
    try (TestServer s = start(Map.of("wsgate.provider.clerk.jwt-key", Jwts.publicPem(KEY)))) {
      String token = token(KEY, session(ORIGIN, Instant.now()).build());

      assertThat(Handshakes.jdkEcho(s.uri("/ws"), ORIGIN, token, "hi")).isEqualTo("hi");
      assertThat(Handshakes.javaWebSocketEcho(s.uri("/ws"), ORIGIN, token, "yo")).isEqualTo("yo");
    }
  }

  @Test
  void jwtKey_expiredUnauthorizedPartyOriginMismatchWrongKeyWrongIssuer_401OnTheWire()
      throws Exception {
    try (TestServer s = start(Map.of("wsgate.provider.clerk.jwt-key", Jwts.publicPem(KEY)))) {
      Instant now = Instant.now();
      String expired = token(KEY, session(ORIGIN, now.minusSeconds(600)).build());
      String foreignParty = token(KEY, session("https://evil.example.com", now).build());
      String forApp = token(KEY, session(ORIGIN, now).build());
      String wrongKey = token(OTHER, session(ORIGIN, now).build());
      String wrongIssuer =
          token(
              KEY, session(ORIGIN, now).issuer("https://evil.clerk.accounts.dev.example").build());

      try (LogCapture log = LogCapture.start()) {
        refused(s, expired, ORIGIN, Failure.EXPIRED, log);
        refused(s, foreignParty, ORIGIN, Failure.WRONG_AUDIENCE, log);
        // both origins are allowed, but the token was issued to the other one
        refused(s, forApp, ADMIN, Failure.WRONG_AUDIENCE, log);
        refused(s, wrongKey, ORIGIN, Failure.INVALID_SIGNATURE, log);
        refused(s, wrongIssuer, ORIGIN, Failure.WRONG_ISSUER, log);
      }
      assertThat(Handshakes.jdkRefusal(s.uri("/ws"), ORIGIN, expired)).isEqualTo(401);
      assertThat(Handshakes.javaWebSocketConnects(s.uri("/ws"), ADMIN, forApp)).isFalse();
    }
  }

  @Test
  void secretKey_jwksFromApiUrl_validTokenEchoes_unknownKid401() throws Exception {
    CLERK.stubFor(
        get(urlEqualTo("/v1/jwks"))
            .withHeader("Authorization", equalTo("Bearer " + SECRET))
            .willReturn(okJson(Jwts.jwks(KEY))));
    try (TestServer s =
        start(
            Map.of(
                "wsgate.provider.clerk.secret-key",
                SECRET,
                "wsgate.provider.clerk.api-url",
                CLERK.baseUrl(),
                "wsgate.provider.clerk.connect-timeout",
                "5s",
                "wsgate.provider.clerk.read-timeout",
                "5s"))) {
      Instant now = Instant.now();
      String valid = token(KEY, session(ORIGIN, now).build());
      String unknownKid = token(Jwts.rsa("ins_2e2eKeyB"), session(ORIGIN, now).build());

      assertThat(Handshakes.jdkEcho(s.uri("/ws"), ORIGIN, valid, "jwks")).isEqualTo("jwks");
      try (LogCapture log = LogCapture.start()) {
        refused(s, unknownKid, ORIGIN, Failure.UNKNOWN_KEY, log);
        assertThat(log.text()).doesNotContain(SECRET);
      }
    }
  }

  @Test
  void secretKey_clerkApiDownNothingCached_503OnTheWire() throws Exception {
    int dead;
    try (ServerSocket free = new ServerSocket(0)) {
      dead = free.getLocalPort();
    }
    try (TestServer s =
        start(
            Map.of(
                "wsgate.provider.clerk.secret-key",
                SECRET,
                "wsgate.provider.clerk.api-url",
                "http://127.0.0.1:" + dead,
                "wsgate.provider.clerk.connect-timeout",
                "500ms",
                "wsgate.provider.clerk.read-timeout",
                "500ms"))) {
      String token = token(KEY, session(ORIGIN, Instant.now()).build());

      try (LogCapture log = LogCapture.start()) {
        refused(s, token, ORIGIN, Failure.PROVIDER_UNAVAILABLE, log);
      }
      assertThat(Handshakes.jdkRefusal(s.uri("/ws"), ORIGIN, token)).isEqualTo(503);
    }
  }

  /**
   * The SDK alone caches keys statically by kid, so a second instance was served the first one's
   * key; two tenants whose keys share a kid must each keep their own.
   */
  @ParameterizedTest
  @ValueSource(strings = {"jwt-key", "secret-key"})
  void twoInstancesAsTenants_sameKidOtherKeys_eachAcceptsOnlyItsOwnTokens(String mode)
      throws Exception {
    Map<String, String> p = new HashMap<>();
    p.put("wsgate.tenants", "red,blue");
    p.put("wsgate.tenant.resolver", "path");
    Map<String, RSAKey> keys = Map.of("red", KEY, "blue", OTHER);
    keys.forEach(
        (t, key) -> {
          String prefix = "wsgate.tenant." + t + ".";
          p.put(prefix + "path-prefix", "/" + t);
          if (mode.equals("jwt-key")) {
            p.put(prefix + "provider.clerk.jwt-key", Jwts.publicPem(key));
          } else {
            CLERK.stubFor(get(urlEqualTo("/" + t + "/v1/jwks")).willReturn(okJson(Jwts.jwks(key))));
            p.put(prefix + "provider.clerk.secret-key", SECRET + t);
            p.put(prefix + "provider.clerk.api-url", CLERK.url("/" + t));
            p.put(prefix + "provider.clerk.connect-timeout", "5s");
            p.put(prefix + "provider.clerk.read-timeout", "5s");
          }
        });
    try (TestServer s = start(p);
        LogCapture log = LogCapture.start()) {
      Instant now = Instant.now();
      String red = token(KEY, session(ORIGIN, now).build());
      String blue = token(OTHER, session(ORIGIN, now).build());

      // red first: with a kid-keyed shared cache, blue would then be checked with red's key
      assertThat(upgrade(s.port, "/red/ws", red, "Origin: " + ORIGIN).status()).isEqualTo(101);
      assertThat(upgrade(s.port, "/blue/ws", blue, "Origin: " + ORIGIN).status()).isEqualTo(101);
      assertRefused(
          upgrade(s.port, "/blue/ws", red, "Origin: " + ORIGIN),
          Failure.INVALID_SIGNATURE,
          red,
          "blue",
          log);
      assertRefused(
          upgrade(s.port, "/red/ws", blue, "Origin: " + ORIGIN),
          Failure.INVALID_SIGNATURE,
          blue,
          "red",
          log);
    }
  }
}
