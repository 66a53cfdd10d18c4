package dev.wsgate.server;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.wsgate.adapter.javawebsocket.fixtures.Handshakes.assertRefused;
import static dev.wsgate.adapter.javawebsocket.fixtures.Handshakes.upgrade;
import static dev.wsgate.server.TestServer.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.wsgate.adapter.javawebsocket.fixtures.Handshakes;
import dev.wsgate.adapter.javawebsocket.fixtures.Jwts;
import dev.wsgate.adapter.javawebsocket.fixtures.LogCapture;
import dev.wsgate.spi.Failure;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server with {@code wsgate.provider=jwks} against WireMock serving a JWKS made from keys
 * generated here: plain JWKS URL, OpenID discovery and an Auth0 domain (over HTTPS), real clients,
 * refusals read off the wire.
 */
final class JwksEndToEndTest {
  private static final String ISSUER = "https://issuer.example.com/";
  private static final String AUDIENCE = "chat-api";
  private static final RSAKey KEY = Jwts.rsa("key-1");
  private static final RSAKey OTHER = Jwts.rsa("key-1"); // same kid, another key

  @RegisterExtension
  static final WireMockExtension IDP =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static String token(RSAKey key, String issuer, String audience, Instant iat) {
    return Jwts.rs256(key, claims(issuer, audience, iat).build());
  }

  private static JWTClaimsSet.Builder claims(String issuer, String audience, Instant iat) {
    return Jwts.claims("auth0|alice", issuer, audience, iat, Duration.ofHours(1));
  }

  private static void refused(TestServer s, String token, Failure failure, LogCapture log)
      throws java.io.IOException {
    assertRefused(
        upgrade(s.port, "/ws", token, "Origin: " + ORIGIN), failure, token, "default", log);
  }

  private static TestServer start(Map<String, String> provider) {
    Map<String, String> p = new java.util.HashMap<>(provider);
    p.put("wsgate.provider", "jwks");
    if (!p.containsKey("wsgate.tenants")) {
      // generous: a loaded machine must not fail the first fetch (the dead-port test sets less)
      p.putIfAbsent("wsgate.provider.jwks.connect-timeout", "5s");
      p.putIfAbsent("wsgate.provider.jwks.read-timeout", "5s");
    }
    return TestServer.start(TestServer.withoutFakeProvider(p));
  }

  private static TestServer startWithJwksUri() {
    IDP.stubFor(get("/keys.json").willReturn(okJson(Jwts.jwks(KEY))));
    return start(
        Map.of(
            "wsgate.provider.jwks.jwks-uri", IDP.url("/keys.json"),
            "wsgate.provider.jwks.issuer", ISSUER,
            "wsgate.provider.jwks.audience", AUDIENCE));
  }

  @Test
  void jwksUri_validToken_bothClientsConnectAndEcho() throws Exception {
    try (TestServer s = startWithJwksUri()) {
      String token = token(KEY, ISSUER, AUDIENCE, Instant.now());

      assertThat(Handshakes.jdkEcho(s.uri("/ws"), ORIGIN, token, "hello")).isEqualTo("hello");
      assertThat(Handshakes.javaWebSocketEcho(s.uri("/ws"), ORIGIN, token, "again"))
          .isEqualTo("again");
      assertThat(upgrade(s.port, "/ws", token, "Origin: " + ORIGIN).status()).isEqualTo(101);
    }
  }

  @Test
  void jwksUri_expiredWrongAudienceWrongIssuerWrongKey_401OnTheWire() throws Exception {
    try (TestServer s = startWithJwksUri()) {
      Instant now = Instant.now();
      String expired = token(KEY, ISSUER, AUDIENCE, now.minus(Duration.ofHours(2)));
      String wrongAudience = token(KEY, ISSUER, "another-api", now);
      String wrongIssuer = token(KEY, "https://evil.example.com/", AUDIENCE, now);
      String wrongKey = token(OTHER, ISSUER, AUDIENCE, now);
      String unknownKid = token(Jwts.rsa("key-2"), ISSUER, AUDIENCE, now);

      String valid = token(KEY, ISSUER, AUDIENCE, now);
      try (LogCapture log = LogCapture.start()) {
        refused(s, expired, Failure.EXPIRED, log);
        refused(s, wrongAudience, Failure.WRONG_AUDIENCE, log);
        refused(s, wrongIssuer, Failure.WRONG_ISSUER, log);
        refused(s, wrongKey, Failure.INVALID_SIGNATURE, log);
        refused(s, unknownKid, Failure.UNKNOWN_KEY, log);
        assertRefused(
            upgrade(s.port, "/ws", valid, "Origin: https://evil.example.com"),
            Failure.ORIGIN_NOT_ALLOWED,
            valid,
            "default",
            log);
      }
      assertThat(Handshakes.jdkRefusal(s.uri("/ws"), ORIGIN, expired)).isEqualTo(401);
      assertThat(Handshakes.javaWebSocketConnects(s.uri("/ws"), ORIGIN, wrongKey)).isFalse();
    }
  }

  @Test
  void jwksUri_keyServerDownNothingCached_503OnTheWire() throws Exception {
    int dead;
    try (ServerSocket free = new ServerSocket(0)) {
      dead = free.getLocalPort();
    }
    try (TestServer s =
        start(
            Map.of(
                "wsgate.provider.jwks.jwks-uri",
                "http://127.0.0.1:" + dead + "/keys.json",
                "wsgate.provider.jwks.audience",
                AUDIENCE,
                "wsgate.provider.jwks.connect-timeout",
                "500ms",
                "wsgate.provider.jwks.read-timeout",
                "500ms"))) {
      String token = token(KEY, ISSUER, AUDIENCE, Instant.now());

      try (LogCapture log = LogCapture.start()) {
        refused(s, token, Failure.PROVIDER_UNAVAILABLE, log);
      }
      assertThat(Handshakes.jdkRefusal(s.uri("/ws"), ORIGIN, token)).isEqualTo(503);
    }
  }

  @Test
  void oidcDiscovery_validTokenEchoes_otherIssuer401_configurationReadOnce() throws Exception {
    String issuer = IDP.url("/realms/demo");
    IDP.stubFor(
        get("/realms/demo/.well-known/openid-configuration")
            .willReturn(
                okJson(
                    "{\"issuer\":\""
                        + issuer
                        + "\",\"jwks_uri\":\""
                        + IDP.url("/realms/demo/certs")
                        + "\"}")));
    IDP.stubFor(get("/realms/demo/certs").willReturn(okJson(Jwts.jwks(KEY))));
    try (TestServer s =
        start(
            Map.of(
                "wsgate.provider.jwks.issuer", issuer,
                "wsgate.provider.jwks.audience", AUDIENCE))) {
      Instant now = Instant.now();
      String valid = token(KEY, issuer, AUDIENCE, now);
      String otherIssuer = token(KEY, issuer + "/", AUDIENCE, now);

      assertThat(Handshakes.jdkEcho(s.uri("/ws"), ORIGIN, valid, "oidc")).isEqualTo("oidc");
      assertThat(Handshakes.javaWebSocketEcho(s.uri("/ws"), ORIGIN, valid, "oidc2"))
          .isEqualTo("oidc2");
      try (LogCapture log = LogCapture.start()) {
        refused(s, otherIssuer, Failure.WRONG_ISSUER, log);
      }
    }
    assertThat(
            IDP.countRequestsMatching(
                    getRequestedFor(urlEqualTo("/realms/demo/.well-known/openid-configuration"))
                        .build())
                .getCount())
        .isEqualTo(1);
  }

  @Test
  void auth0Domain_overHttps_validTokenEchoes_wrongAudience401(@TempDir Path dir) throws Exception {
    HeldCertificate ca =
        new HeldCertificate.Builder().commonName("wsgate test CA").certificateAuthority(0).build();
    HeldCertificate leaf =
        new HeldCertificate.Builder()
            .commonName("auth0")
            .addSubjectAlternativeName("127.0.0.1")
            .signedBy(ca)
            .build();
    Path store = pkcs12(dir.resolve("auth0.p12"), leaf, ca);
    WireMockServer auth0 =
        new WireMockServer(
            wireMockConfig()
                .httpDisabled(true)
                .dynamicHttpsPort()
                .keystorePath(store.toString())
                .keystoreType("PKCS12")
                .keystorePassword(STORE_PASSWORD)
                .keyManagerPassword(STORE_PASSWORD));
    auth0.start();
    SSLSocketFactory original = HttpsURLConnection.getDefaultSSLSocketFactory();
    // the provider fetches with HttpURLConnection: trust the test CA for this test only
    HttpsURLConnection.setDefaultSSLSocketFactory(
        new HandshakeCertificates.Builder()
            .addTrustedCertificate(ca.certificate())
            .build()
            .sslSocketFactory());
    try {
      String domain = "127.0.0.1:" + auth0.httpsPort();
      auth0.stubFor(get("/.well-known/jwks.json").willReturn(okJson(Jwts.jwks(KEY))));
      try (TestServer s =
          start(
              Map.of(
                  "wsgate.provider.jwks.auth0-domain", domain,
                  "wsgate.provider.jwks.audience", AUDIENCE))) {
        String issuer = "https://" + domain + "/";
        Instant now = Instant.now();
        String valid = token(KEY, issuer, AUDIENCE, now);
        String wrongAudience = token(KEY, issuer, "https://other.example.com/api", now);
        String notAuth0 = token(KEY, ISSUER, AUDIENCE, now);

        assertThat(Handshakes.jdkEcho(s.uri("/ws"), ORIGIN, valid, "auth0")).isEqualTo("auth0");
        try (LogCapture log = LogCapture.start()) {
          refused(s, wrongAudience, Failure.WRONG_AUDIENCE, log);
          refused(s, notAuth0, Failure.WRONG_ISSUER, log);
        }
      }
      assertThat(
              auth0
                  .countRequestsMatching(
                      getRequestedFor(urlEqualTo("/.well-known/jwks.json")).build())
                  .getCount())
          .isPositive();
    } finally {
      HttpsURLConnection.setDefaultSSLSocketFactory(original);
      auth0.stop();
    }
  }

  private static final String STORE_PASSWORD = "wsgate-test";

  /** {@code leaf}'s key and chain in a PKCS#12 file, the form WireMock's HTTPS port reads. */
  private static Path pkcs12(Path file, HeldCertificate leaf, HeldCertificate ca) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(
        "k",
        leaf.keyPair().getPrivate(),
        STORE_PASSWORD.toCharArray(),
        new Certificate[] {leaf.certificate(), ca.certificate()});
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, STORE_PASSWORD.toCharArray());
    }
    return file;
  }

  @Test
  void twoIssuersAsTenants_sameKidOtherKeys_eachAcceptsOnlyItsOwnTokens() throws Exception {
    IDP.stubFor(get("/one/keys").willReturn(okJson(Jwts.jwks(KEY))));
    IDP.stubFor(get("/two/keys").willReturn(okJson(Jwts.jwks(OTHER))));
    Map<String, String> p = new java.util.HashMap<>();
    p.put("wsgate.tenants", "one,two");
    p.put("wsgate.tenant.resolver", "path");
    for (String t : new String[] {"one", "two"}) {
      String prefix = "wsgate.tenant." + t + ".";
      p.put(prefix + "path-prefix", "/" + t);
      p.put(prefix + "provider.jwks.jwks-uri", IDP.url("/" + t + "/keys"));
      p.put(prefix + "provider.jwks.issuer", "https://" + t + ".example.com/");
      p.put(prefix + "provider.jwks.audience", AUDIENCE);
      p.put(prefix + "provider.jwks.connect-timeout", "5s");
      p.put(prefix + "provider.jwks.read-timeout", "5s");
    }
    try (TestServer s = start(p);
        LogCapture log = LogCapture.start()) {
      Instant now = Instant.now();
      String one = token(KEY, "https://one.example.com/", AUDIENCE, now);
      String two = token(OTHER, "https://two.example.com/", AUDIENCE, now);

      assertThat(upgrade(s.port, "/one/ws", one, "Origin: " + ORIGIN).status()).isEqualTo(101);
      assertThat(upgrade(s.port, "/two/ws", two, "Origin: " + ORIGIN).status()).isEqualTo(101);
      assertRefused(
          upgrade(s.port, "/two/ws", one, "Origin: " + ORIGIN),
          Failure.INVALID_SIGNATURE,
          one,
          "two",
          log);
      assertRefused(
          upgrade(s.port, "/one/ws", two, "Origin: " + ORIGIN),
          Failure.INVALID_SIGNATURE,
          two,
          "one",
          log);
    }
  }
}
