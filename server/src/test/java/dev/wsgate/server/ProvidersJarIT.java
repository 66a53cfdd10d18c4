package dev.wsgate.server;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.nimbusds.jose.jwk.RSAKey;
import dev.wsgate.adapter.javawebsocket.fixtures.Handshakes;
import dev.wsgate.adapter.javawebsocket.fixtures.Jwts;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as a child process with the bundled providers: {@code jwks} against WireMock
 * (found through ServiceLoader in the jar), three tenants, and a misconfigured tenant.
 */
final class ProvidersJarIT {
  private static final String ORIGIN = "https://app.example.com";
  private static final String ISSUER = "https://issuer.example.com/";
  private static final RSAKey KEY = Jwts.rsa("jar-1");

  @RegisterExtension
  static final WireMockExtension IDP =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static String token(RSAKey key, String audience) {
    return Jwts.rs256(
        key, Jwts.claims("alice", ISSUER, audience, Instant.now(), Duration.ofHours(1)).build());
  }

  @Test
  void jwksProvider_inTheShadedJar_verifiesAgainstWireMock(@TempDir Path dir) throws Exception {
    IDP.stubFor(get("/keys.json").willReturn(okJson(Jwts.jwks(KEY))));
    try (ServerProcess server =
        ServerProcess.start(
            dir,
            "wsgate.listen.host=127.0.0.1\n"
                + "wsgate.listen.port=0\n"
                + "wsgate.origins="
                + ORIGIN
                + "\n"
                + "wsgate.subprotocols=app.v1\n"
                + "wsgate.provider=jwks\n"
                + "wsgate.provider.jwks.jwks-uri="
                + IDP.url("/keys.json")
                + "\n"
                + "wsgate.provider.jwks.issuer="
                + ISSUER
                + "\n"
                + "wsgate.provider.jwks.audience=chat\n"
                + "wsgate.provider.jwks.connect-timeout=5s\n"
                + "wsgate.provider.jwks.read-timeout=5s\n"
                + "wsgate.handshake.verify-timeout=30s\n")) {
      Matcher m = server.awaitListening();
      assertThat(m.group(4)).isEqualTo("jwks");
      assertThat(m.group(5)).isEqualTo("1");
      int port = Integer.parseInt(m.group(2));
      URI uri = URI.create("ws://127.0.0.1:" + port + "/ws");
      String valid = token(KEY, "chat");

      assertThat(Handshakes.jdkEcho(uri, ORIGIN, valid, "from the jar")).isEqualTo("from the jar");
      assertThat(Handshakes.javaWebSocketEcho(uri, ORIGIN, valid, "again")).isEqualTo("again");
      assertThat(Handshakes.upgrade(port, "/ws", token(KEY, "other"), "Origin: " + ORIGIN).status())
          .isEqualTo(401);
      assertThat(
              Handshakes.upgrade(port, "/ws", token(Jwts.rsa("jar-1"), "chat"), "Origin: " + ORIGIN)
                  .status())
          .isEqualTo(401);
      assertThat(
              IDP.countRequestsMatching(getRequestedFor(urlEqualTo("/keys.json")).build())
                  .getCount())
          .isPositive();
      assertThat(server.err.toString()).doesNotContain(valid);
    }
  }

  @Test
  void threeTenants_inTheShadedJar_startUpLineCountsThem(@TempDir Path dir) throws Exception {
    IDP.stubFor(get("/keys.json").willReturn(okJson(Jwts.jwks(KEY))));
    try (ServerProcess server =
        ServerProcess.start(dir, threeTenants("globex-secret-of-at-least-thirty-two-bytes"))) {
      Matcher m = server.awaitListening();

      assertThat(m.group(4)).isEqualTo("hmac,jwks");
      assertThat(m.group(5)).isEqualTo("3");
      int port = Integer.parseInt(m.group(2));
      assertThat(m.group(3)).as("no one path serves them all").isNull();
      assertThat(ServerProcess.tenantUrls(m))
          .containsExactly(
              Map.entry("acme", "ws://127.0.0.1:" + port + "/acme/ws"),
              Map.entry("globex", "ws://127.0.0.1:" + port + "/globex/ws"),
              Map.entry("initech", "ws://127.0.0.1:" + port + "/initech/ws"));
      assertThat(
              Handshakes.upgrade(port, "/initech/ws", token(KEY, "chat"), "Origin: " + ORIGIN)
                  .status())
          .isEqualTo(101);
      assertThat(
              Handshakes.upgrade(port, "/acme/ws", token(KEY, "chat"), "Origin: " + ORIGIN)
                  .status())
          .isEqualTo(401);
    }
  }

  @Test
  void misconfiguredTenant_inTheShadedJar_exits78NamingTheTenantKey(@TempDir Path dir)
      throws Exception {
    try (ServerProcess server = ServerProcess.start(dir, threeTenants("s3cr3t-x"))) {
      assertThat(server.awaitExit()).isEqualTo(Main.EXIT_CONFIG);
      assertThat(server.err.toString())
          .contains("wsgate.tenant.globex.provider.hmac.secret")
          .doesNotContain("s3cr3t-x")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void unknownProvider_inTheShadedJar_listsAllFourBundledProviders(@TempDir Path dir)
      throws Exception {
    try (ServerProcess server =
        ServerProcess.start(dir, "wsgate.origins=" + ORIGIN + "\nwsgate.provider=okta\n")) {
      assertThat(server.awaitExit()).isEqualTo(Main.EXIT_CONFIG);
      assertThat(server.err.toString())
          .contains("'okta'")
          .contains("hmac")
          .contains("jwks")
          .contains("firebase")
          .contains("clerk");
    }
  }

  private static String threeTenants(String globexSecret) {
    return "wsgate.listen.host=127.0.0.1\n"
        + "wsgate.listen.port=0\n"
        + "wsgate.origins="
        + ORIGIN
        + "\n"
        + "wsgate.tenants=acme,globex,initech\n"
        + "wsgate.tenant.resolver=path\n"
        + "wsgate.tenant.acme.path-prefix=/acme\n"
        + "wsgate.tenant.acme.provider=hmac\n"
        + "wsgate.tenant.acme.provider.hmac.secret=acme-secret-of-at-least-thirty-two-bytes!\n"
        + "wsgate.tenant.globex.path-prefix=/globex\n"
        + "wsgate.tenant.globex.provider=hmac\n"
        + "wsgate.tenant.globex.provider.hmac.secret="
        + globexSecret
        + "\n"
        + "wsgate.tenant.initech.path-prefix=/initech\n"
        + "wsgate.tenant.initech.provider=jwks\n"
        + "wsgate.tenant.initech.provider.jwks.jwks-uri="
        + IDP.url("/keys.json")
        + "\n"
        + "wsgate.tenant.initech.provider.jwks.connect-timeout=5s\n"
        + "wsgate.tenant.initech.provider.jwks.read-timeout=5s\n"
        + "wsgate.handshake.verify-timeout=30s\n";
  }
}
