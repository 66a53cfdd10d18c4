package dev.wsgate.adapter.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.testkit.RawHttp;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The gate built from {@code wsgate.*} properties by the server's own configuration code, on real
 * applications that name no wsgate class: the same keys (tenants and provider settings included)
 * and the same start-up messages as the wsgate server.
 */
final class PropertiesGateTest {
  private static void chat(int port, String host, String token, String expected) throws Exception {
    Replies replies = new Replies();
    WebSocket ws =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("Origin", TestGate.ORIGIN)
            .subprotocols("app.v1", "bearer." + token)
            .buildAsync(URI.create("ws://" + host + ":" + port + "/echo"), replies)
            .get(20, TimeUnit.SECONDS);
    ws.sendText("hello", true).get(20, TimeUnit.SECONDS);

    assertThat(ws.getSubprotocol()).isEqualTo("app.v1");
    assertThat(replies.next()).isEqualTo(expected);
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(20, TimeUnit.SECONDS);
  }

  private static void propertiesGate(WebApplicationType type) throws Exception {
    ConfigurableApplicationContext app = PropertiesApp.start(type, PropertiesApp.singleTenant());
    int port = ServletApp.port(app);

    chat(
        port,
        "127.0.0.1",
        PropertiesApp.hs256(PropertiesApp.SECRET, "erin"),
        "erin@default: hello");
    String forged = PropertiesApp.hs256(PropertiesApp.OTHER_SECRET, "erin");
    RawHttp.Response answer =
        RawHttp.to("/echo?token=" + forged).header("Origin", TestGate.ORIGIN).send(port);
    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
    assertThat(
            RawHttp.to("/echo?token=" + forged)
                .header("Origin", "https://evil.example.net")
                .send(port)
                .status())
        .isEqualTo(403);
    assertThat(app.getBean(HandshakeGate.class).tenants()).containsOnlyKeys("default");
    // the readiness gauge is labelled with the configured provider id, as the server labels it
    assertThat(
            app.getBean(MeterRegistry.class)
                .get("wsgate.provider.ready")
                .tag("tenant", "default")
                .gauge()
                .getId()
                .getTag("provider"))
        .isEqualTo("hmac");
    if (type == WebApplicationType.SERVLET) {
      app.close();
    }
  }

  @Test
  void servlet_gateFromProperties_acceptsItsTokensAndRefusesOthers() throws Exception {
    propertiesGate(WebApplicationType.SERVLET);
  }

  @Test
  void webflux_gateFromProperties_acceptsItsTokensAndRefusesOthers() throws Exception {
    // left running: closing a WebFlux context disposes Reactor Netty's shared event loops
    propertiesGate(WebApplicationType.REACTIVE);
  }

  @Test
  void tenantsByHost_yamlStyleLists_eachTenantWithItsOwnProviderSettings() throws Exception {
    // application.yml lists arrive as indexed keys; Spring's own placeholders resolve as usual
    try (ConfigurableApplicationContext app =
        PropertiesApp.start(
            WebApplicationType.SERVLET,
            List.of(
                "test.origin=" + TestGate.ORIGIN,
                "wsgate.origins[0]=${test.origin}",
                "wsgate.origins[1]=https://*.example.org",
                "wsgate.subprotocols=app.v1",
                "wsgate.provider=hmac",
                "wsgate.tenants[0]=acme",
                "wsgate.tenants[1]=globex",
                "wsgate.tenant.resolver=host",
                "wsgate.tenant.acme.hosts=localhost",
                "wsgate.tenant.acme.provider.hmac.secret=${file:"
                    + PropertiesApp.secretFile(PropertiesApp.SECRET)
                    + "}",
                "wsgate.tenant.globex.hosts=127.0.0.1",
                "wsgate.tenant.globex.provider.hmac.secret=${file:"
                    + PropertiesApp.secretFile(PropertiesApp.OTHER_SECRET)
                    + "}"))) {
      int port = ServletApp.port(app);

      chat(port, "localhost", PropertiesApp.hs256(PropertiesApp.SECRET, "ann"), "ann@acme: hello");
      chat(
          port,
          "127.0.0.1",
          PropertiesApp.hs256(PropertiesApp.OTHER_SECRET, "bob"),
          "bob@globex: hello");
      // acme's token at globex's host: globex's secret does not verify it
      assertThat(
              RawHttp.to("/echo?token=" + PropertiesApp.hs256(PropertiesApp.SECRET, "ann"))
                  .header("Origin", TestGate.ORIGIN)
                  .send(port)
                  .status())
          .isEqualTo(401);
    }
  }

  private static ConfigurationException startFails(String... properties) {
    List<String> all = new ArrayList<>(PropertiesApp.singleTenant());
    all.addAll(List.of(properties));
    return PropertiesApp.startUpProblems(
        () -> PropertiesApp.start(WebApplicationType.SERVLET, all));
  }

  @Test
  void startUp_misspelledKey_failsWithTheServersMessage() {
    ConfigurationException e = startFails("wsgate.orgins=https://app.example.org");

    assertThat(e.problems())
        .containsExactly("unknown key wsgate.orgins; did you mean wsgate.origins?");
  }

  @Test
  void startUp_badValuesAndProviderSettings_reportedTogetherNamingEachKey() {
    ConfigurationException e =
        startFails(
            "wsgate.clock-skew=soon",
            "wsgate.provider.hmac.algorithms=HS999",
            "wsgate.session.refresh=true");

    assertThat(e.problems()).hasSize(2);
    assertThat(e.problems().get(0)).startsWith("wsgate.clock-skew ");
    assertThat(e.problems().get(1)).startsWith("wsgate.provider.hmac.algorithms");
  }

  @Test
  void startUp_springPlaceholderResolvingToNothing_failsNamingTheKeyNotTheValue() {
    ConfigurationException e =
        startFails("wsgate.provider.hmac.secret=${NO_SUCH_VARIABLE_FOR_WSGATE_TESTS}");

    assertThat(e.problems())
        .singleElement()
        .asString()
        .startsWith("wsgate.provider.hmac.secret has a Spring placeholder that resolves to nothing")
        .doesNotContain("NO_SUCH_VARIABLE");
  }

  @Test
  void startUp_firstMessageAuthentication_refusedAsNotServed() {
    ConfigurationException e = startFails("wsgate.extractors=subprotocol,message");

    assertThat(e.problems())
        .containsExactly(
            "tenant default: first-message authentication are not served by the Spring Boot"
                + " starter; use query, cookie, subprotocol or header (wsgate.extractors)");
  }

  @Test
  void startUp_gateKeysBesideTheApplicationsOwnGateBean_refused() {
    assertThatThrownBy(
            () ->
                ServletApp.start(
                    "wsgate.origins=https://app.example.org", "wsgate.session.refresh=true"))
        .hasRootCauseInstanceOf(ConfigurationException.class)
        .rootCause()
        .satisfies(
            e ->
                assertThat(((ConfigurationException) e).problems())
                    .containsExactly(
                        "unknown key wsgate.origins (the application's own HandshakeGate bean is"
                            + " the gate: configure the gate there, or remove the bean and let the"
                            + " starter build it from wsgate.* properties)"));
  }
}
