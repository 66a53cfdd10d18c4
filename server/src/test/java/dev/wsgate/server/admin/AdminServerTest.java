package dev.wsgate.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.server.AdminHttp;
import dev.wsgate.server.TestServer;
import dev.wsgate.spi.Secret;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

final class AdminServerTest {
  private static final String ADMIN_TOKEN = "admin-token-0123456789";

  private static Map<String, String> adminProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("wsgate.admin.port", "0");
    p.put("wsgate.admin.token", ADMIN_TOKEN);
    return p;
  }

  @ParameterizedTest
  @MethodSource("dev.wsgate.server.TestServer#transports")
  void healthAndReadiness_readyVerifier_answer200(String transport) throws Exception {
    try (TestServer server = TestServer.start(TestServer.on(transport, adminProperties()));
        AdminServer admin = AdminServer.start(server.configuration, Clock.systemUTC())) {
      assertThat(AdminHttp.get(admin.port(), "/healthz").statusCode()).isEqualTo(200);
      HttpResponse<String> ready = AdminHttp.get(admin.port(), "/readyz");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).isEqualTo("ready\n");
      assertThat(AdminHttp.get(admin.port(), "/nothing").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void readiness_tenantWithoutKeys_answers503NamingTheTenant() throws Exception {
    Map<String, String> p = adminProperties();
    p.put("wsgate.tenants", "acme,globex");
    p.put("wsgate.tenant.resolver", "path");
    p.put("wsgate.tenant.acme.path-prefix", "/acme");
    p.put("wsgate.tenant.globex.path-prefix", "/globex");
    p.put("wsgate.tenant.globex.provider.fake.must-be-set", "yes");
    p.put("wsgate.tenant.globex.provider.fake.ready", "false");
    try (TestServer server = TestServer.start(p);
        AdminServer admin = AdminServer.start(server.configuration, Clock.systemUTC())) {
      HttpResponse<String> ready = AdminHttp.get(admin.port(), "/readyz");

      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).isEqualTo("not ready: tenants globex\n");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.wsgate.server.TestServer#transports")
  void metrics_prometheusText_hasHandshakeAndVerificationSeries(String transport) throws Exception {
    try (TestServer server = TestServer.start(TestServer.on(transport, adminProperties()));
        AdminServer admin = AdminServer.start(server.configuration, Clock.systemUTC())) {
      String origin = "Origin: " + TestServer.ORIGIN;
      String valid = FakeTokenVerifier.token("alice", Instant.now().plusSeconds(600));
      assertThat(
              RawHttp.exchange(server.port, RawHttp.upgrade("/ws?token=" + valid, origin)).status())
          .isEqualTo(101);

      HttpResponse<String> metrics = AdminHttp.get(admin.port(), "/metrics");

      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type")).hasValue(Prometheus.CONTENT_TYPE);
      assertThat(metrics.body())
          .contains(
              "wsgate_handshakes_total{failure=\"none\",outcome=\"accepted\",status=\"101\","
                  + "tenant=\"default\"} 1.0")
          .contains(
              "wsgate_verification_seconds_count{outcome=\"verified\",provider=\"fake\","
                  + "tenant=\"default\"} 1")
          .contains("wsgate_provider_ready{provider=\"fake\",tenant=\"default\"} 1.0")
          .doesNotContain(valid);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.wsgate.server.TestServer#transports")
  void disconnect_withoutOrWithWrongToken_is401AndClosesNothing(String transport) throws Exception {
    try (TestServer server = TestServer.start(TestServer.on(transport, adminProperties()));
        AdminServer admin = AdminServer.start(server.configuration, Clock.systemUTC())) {
      Clients.Recording client = connect(server, "alice");

      assertThat(AdminHttp.post(admin.port(), "/admin/disconnect?subject=alice", null).statusCode())
          .isEqualTo(401);
      assertThat(
              AdminHttp.post(admin.port(), "/admin/disconnect?subject=alice", ADMIN_TOKEN + "x")
                  .statusCode())
          .isEqualTo(401);
      assertThat(AdminHttp.get(admin.port(), "/admin/disconnect?subject=alice").statusCode())
          .isEqualTo(405);

      assertThat(client.isOpen()).isTrue();
      client.closeBlocking();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.wsgate.server.TestServer#transports")
  void disconnect_subject_closesItsSocketsWith4001AndRefusesItsReconnect(String transport)
      throws Exception {
    try (TestServer server = TestServer.start(TestServer.on(transport, adminProperties()));
        AdminServer admin = AdminServer.start(server.configuration, Clock.systemUTC())) {
      Clients.Recording alice1 = connect(server, "alice");
      Clients.Recording alice2 = connect(server, "alice");
      Clients.Recording bob = connect(server, "bob");

      HttpResponse<String> r =
          AdminHttp.post(admin.port(), "/admin/disconnect?subject=alice", ADMIN_TOKEN);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).startsWith("closed 2 connection(s)");
      assertThat(alice1.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
      assertThat(alice1.closeReason.get(10, TimeUnit.SECONDS)).isEqualTo("revoked");
      assertThat(alice2.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
      assertThat(bob.isOpen()).isTrue();
      String token = FakeTokenVerifier.token("alice", Instant.now().plusSeconds(600));
      RawHttp.Response again =
          RawHttp.exchange(
              server.port, RawHttp.upgrade("/ws?token=" + token, "Origin: " + TestServer.ORIGIN));
      assertThat(again.status()).isEqualTo(401);
      assertThat(again.body()).contains("revoked");
      // the server counts a close when its closing handshake ends, which may be after the client's
      String metrics =
          awaitMetrics(admin.port(), "wsgate_connections_open{tenant=\"default\"} 1.0");
      assertThat(metrics)
          .contains("wsgate_connections_closed_total{code=\"4001\",initiator=\"server\"} 2.0")
          .contains("wsgate_connections_open{tenant=\"default\"} 1.0")
          .contains(
              "wsgate_handshakes_total{failure=\"revoked\",outcome=\"rejected\",status=\"401\","
                  + "tenant=\"default\"} 1.0");
      bob.closeBlocking();
    }
  }

  private static Map<String, String> twoTenants() {
    Map<String, String> p = adminProperties();
    p.put("wsgate.tenants", "acme,globex");
    p.put("wsgate.tenant.resolver", "path");
    p.put("wsgate.tenant.acme.path-prefix", "/acme");
    p.put("wsgate.tenant.globex.path-prefix", "/globex");
    return p;
  }

  @ParameterizedTest
  @MethodSource("dev.wsgate.server.TestServer#transports")
  void disconnect_subjectOfOneTenant_leavesTheSameSubjectOfAnotherTenantConnected(String transport)
      throws Exception {
    try (TestServer server = TestServer.start(TestServer.on(transport, twoTenants()));
        AdminServer admin = AdminServer.start(server.configuration, Clock.systemUTC())) {
      Clients.Recording acmeMallory = connect(server, "/acme/ws", "mallory");
      Clients.Recording globexMallory = connect(server, "/globex/ws", "mallory");

      HttpResponse<String> r =
          AdminHttp.post(
              admin.port(), "/admin/disconnect?subject=mallory&tenant=acme", ADMIN_TOKEN);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).startsWith("closed 1 connection(s) of subject mallory in tenant acme;");
      assertThat(acmeMallory.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
      assertThat(globexMallory.isOpen()).isTrue();
      assertThat(upgrade(server, "/acme/ws", "mallory").status()).isEqualTo(401);
      Clients.Recording again = connect(server, "/globex/ws", "mallory");
      assertThat(again.isOpen()).isTrue();
      again.closeBlocking();
      assertThat(globexMallory.isOpen()).isTrue();
      globexMallory.closeBlocking();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.wsgate.server.TestServer#transports")
  void disconnect_withoutTenant_coversEveryTenantAndSaysSo(String transport) throws Exception {
    try (TestServer server = TestServer.start(TestServer.on(transport, twoTenants()));
        AdminServer admin = AdminServer.start(server.configuration, Clock.systemUTC())) {
      Clients.Recording acmeMallory = connect(server, "/acme/ws", "mallory");
      Clients.Recording globexMallory = connect(server, "/globex/ws", "mallory");
      Clients.Recording acmeBob = connect(server, "/acme/ws", "bob");

      HttpResponse<String> r =
          AdminHttp.post(admin.port(), "/admin/disconnect?subject=mallory", ADMIN_TOKEN);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body())
          .startsWith("closed 2 connection(s) of subject mallory in every tenant (acme, globex);");
      assertThat(acmeMallory.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
      assertThat(globexMallory.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
      assertThat(upgrade(server, "/acme/ws", "mallory").status()).isEqualTo(401);
      assertThat(upgrade(server, "/globex/ws", "mallory").status()).isEqualTo(401);
      assertThat(acmeBob.isOpen()).isTrue();
      acmeBob.closeBlocking();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.wsgate.server.TestServer#transports")
  void disconnect_unknownTenant_is400NamingItAndClosesNothing(String transport) throws Exception {
    try (TestServer server = TestServer.start(TestServer.on(transport, twoTenants()));
        AdminServer admin = AdminServer.start(server.configuration, Clock.systemUTC())) {
      Clients.Recording acmeMallory = connect(server, "/acme/ws", "mallory");

      HttpResponse<String> r =
          AdminHttp.post(
              admin.port(), "/admin/disconnect?subject=mallory&tenant=initech", ADMIN_TOKEN);

      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).isEqualTo("unknown tenant 'initech'; tenants: acme, globex\n");
      assertThat(acmeMallory.isOpen()).isTrue();
      assertThat(upgrade(server, "/acme/ws", "mallory").status()).isEqualTo(101);
      acmeMallory.closeBlocking();
    }
  }

  @Test
  void authorized_comparesTheWholeBearerToken() {
    Secret s = Secret.of(ADMIN_TOKEN);

    assertThat(AdminServer.authorized("Bearer " + ADMIN_TOKEN, s)).isTrue();
    assertThat(AdminServer.authorized("bearer " + ADMIN_TOKEN, s)).isTrue();
    assertThat(AdminServer.authorized("Bearer " + ADMIN_TOKEN.substring(1), s)).isFalse();
    assertThat(AdminServer.authorized("Basic " + ADMIN_TOKEN, s)).isFalse();
    assertThat(AdminServer.authorized(null, s)).isFalse();
  }

  /** The admin port's scrape once it contains {@code expected}. */
  static String awaitMetrics(int port, String expected) {
    return await("a scrape containing " + expected)
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> AdminHttp.get(port, "/metrics").body(), body -> body.contains(expected));
  }

  private static Clients.Recording connect(TestServer server, String subject) throws Exception {
    return connect(server, "/ws", subject);
  }

  private static Clients.Recording connect(TestServer server, String path, String subject)
      throws Exception {
    String token = FakeTokenVerifier.token(subject, Instant.now().plusSeconds(600));
    Clients.Recording c =
        new Clients.Recording(
            server.uri(path + "?token=" + token), Map.of("Origin", TestServer.ORIGIN));
    assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
    return c;
  }

  private static RawHttp.Response upgrade(TestServer server, String path, String subject)
      throws Exception {
    String token = FakeTokenVerifier.token(subject, Instant.now().plusSeconds(600));
    return RawHttp.exchange(
        server.port, RawHttp.upgrade(path + "?token=" + token, "Origin: " + TestServer.ORIGIN));
  }
}
