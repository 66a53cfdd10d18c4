package dev.wsgate.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.wsgate.adapter.javawebsocket.fixtures.Handshakes.assertRefused;
import static dev.wsgate.adapter.javawebsocket.fixtures.Handshakes.upgrade;
import static dev.wsgate.server.TestServer.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.wsgate.adapter.javawebsocket.fixtures.Handshakes;
import dev.wsgate.adapter.javawebsocket.fixtures.Jwts;
import dev.wsgate.adapter.javawebsocket.fixtures.LogCapture;
import dev.wsgate.spi.Failure;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server with {@code wsgate.provider=firebase}: WireMock serves Google's {@code {kid: PEM}}
 * certificate document (self-signed RSA certificates made here) at {@code keys-url}; tokens have
 * the shape of Firebase ID tokens.
 */
final class FirebaseEndToEndTest {
  private static final String PROJECT = "wsgate-e2e";
  private static final String KID = "kid-a";
  private static HeldCertificate key;
  private static HeldCertificate otherKey;

  @RegisterExtension
  static final WireMockExtension GOOGLE =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @BeforeAll
  static void keys() {
    key = new HeldCertificate.Builder().commonName(KID).rsa2048().build();
    otherKey = new HeldCertificate.Builder().commonName("other").rsa2048().build();
  }

  private static JWTClaimsSet.Builder claims(String project, Instant iat) {
    return Jwts.claims(
            "uid-alice",
            "https://securetoken.google.com/" + project,
            project,
            iat,
            Duration.ofHours(1))
        .claim("auth_time", Date.from(iat))
        .claim("user_id", "uid-alice")
        .claim("email", "alice@example.com")
        .claim("email_verified", true)
        .claim("firebase", Map.of("sign_in_provider", "password"));
  }

  private static String token(HeldCertificate signer, String kid, JWTClaimsSet claims) {
    return Jwts.rs256(signer.keyPair().getPrivate(), kid, claims);
  }

  private static TestServer start(String keysUrl) {
    Map<String, String> p = new HashMap<>();
    p.put("wsgate.provider", "firebase");
    p.put("wsgate.provider.firebase.project-id", PROJECT);
    p.put("wsgate.provider.firebase.keys-url", keysUrl);
    p.put("wsgate.provider.firebase.connect-timeout", "5s");
    p.put("wsgate.provider.firebase.read-timeout", "5s");
    return TestServer.start(TestServer.withoutFakeProvider(p));
  }

  private static TestServer startWithCertificates() {
    stubCertificates();
    return start(GOOGLE.url("/robot/v1/metadata/x509/securetoken"));
  }

  /** Google's {@code {kid: PEM}} document with one certificate, cacheable for about six hours. */
  private static void stubCertificates() {
    GOOGLE.stubFor(
        get("/robot/v1/metadata/x509/securetoken")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json; charset=UTF-8")
                    .withHeader("Cache-Control", "public, max-age=22000, must-revalidate")
                    .withBody(
                        "{\""
                            + KID
                            + "\":\""
                            + key.certificatePem().replace("\n", "\\n")
                            + "\"}")));
  }

  private static void refused(TestServer s, String token, Failure failure, LogCapture log)
      throws IOException {
    assertRefused(
        upgrade(s.port, "/ws", token, "Origin: " + ORIGIN), failure, token, "default", log);
  }

  @Test
  void firebase_validIdToken_bothClientsConnectAndEcho() throws Exception {
    try (TestServer s = startWithCertificates()) {
      String token = token(key, KID, claims(PROJECT, Instant.now()).build());

      assertThat(Handshakes.jdkEcho(s.uri("/ws"), ORIGIN, token, "hi")).isEqualTo("hi");
      assertThat(Handshakes.javaWebSocketEcho(s.uri("/ws"), ORIGIN, token, "hey")).isEqualTo("hey");
    }
  }

  @Test
  void firebase_expiredWrongProjectWrongKeyUnknownKid_401OnTheWire() throws Exception {
    try (TestServer s = startWithCertificates()) {
      Instant now = Instant.now();
      String expired = token(key, KID, claims(PROJECT, now.minus(Duration.ofHours(2))).build());
      String otherProject = token(key, KID, claims("another-project", now).build());
      String otherIssuer =
          token(
              key,
              KID,
              claims(PROJECT, now).issuer("https://securetoken.google.com/another").build());
      String wrongKey = token(otherKey, KID, claims(PROJECT, now).build());
      String unknownKid = token(key, "kid-nobody", claims(PROJECT, now).build());

      try (LogCapture log = LogCapture.start()) {
        refused(s, expired, Failure.EXPIRED, log);
        refused(s, otherProject, Failure.WRONG_AUDIENCE, log);
        refused(s, otherIssuer, Failure.WRONG_ISSUER, log);
        refused(s, wrongKey, Failure.INVALID_SIGNATURE, log);
        refused(s, unknownKid, Failure.UNKNOWN_KEY, log);
      }
      assertThat(Handshakes.jdkRefusal(s.uri("/ws"), ORIGIN, otherProject)).isEqualTo(401);
      assertThat(Handshakes.javaWebSocketConnects(s.uri("/ws"), ORIGIN, expired)).isFalse();
    }
  }

  @Test
  void firebase_certificateServerDownNothingCached_503OnTheWire() throws Exception {
    int dead;
    try (ServerSocket free = new ServerSocket(0)) {
      dead = free.getLocalPort();
    }
    try (TestServer s = start("http://127.0.0.1:" + dead + "/certs")) {
      String token = token(key, KID, claims(PROJECT, Instant.now()).build());

      try (LogCapture log = LogCapture.start()) {
        refused(s, token, Failure.PROVIDER_UNAVAILABLE, log);
      }
      assertThat(Handshakes.jdkRefusal(s.uri("/ws"), ORIGIN, token)).isEqualTo(503);
    }
  }

  @Test
  void twoProjectsAsTenants_eachAcceptsOnlyItsOwnTokens() throws Exception {
    stubCertificates();
    Map<String, String> p = new HashMap<>();
    p.put("wsgate.provider", "firebase");
    p.put("wsgate.tenants", "red,blue");
    p.put("wsgate.tenant.resolver", "path");
    for (String t : new String[] {"red", "blue"}) {
      String prefix = "wsgate.tenant." + t + ".";
      p.put(prefix + "path-prefix", "/" + t);
      p.put(prefix + "provider.firebase.project-id", "project-" + t);
      p.put(
          prefix + "provider.firebase.keys-url", GOOGLE.url("/robot/v1/metadata/x509/securetoken"));
      p.put(prefix + "provider.firebase.connect-timeout", "5s");
      p.put(prefix + "provider.firebase.read-timeout", "5s");
    }
    try (TestServer s = TestServer.start(TestServer.withoutFakeProvider(p));
        LogCapture log = LogCapture.start()) {
      Instant now = Instant.now();
      String red = token(key, KID, claims("project-red", now).build());
      String blue = token(key, KID, claims("project-blue", now).build());

      assertThat(Handshakes.jdkEcho(s.uri("/red/ws"), ORIGIN, red, "r")).isEqualTo("r");
      assertThat(Handshakes.jdkEcho(s.uri("/blue/ws"), ORIGIN, blue, "b")).isEqualTo("b");
      assertRefused(
          upgrade(s.port, "/blue/ws", red, "Origin: " + ORIGIN),
          Failure.WRONG_AUDIENCE,
          red,
          "blue",
          log);
      assertRefused(
          upgrade(s.port, "/red/ws", blue, "Origin: " + ORIGIN),
          Failure.WRONG_AUDIENCE,
          blue,
          "red",
          log);
    }
  }
}
