package dev.wsgate.adapter.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.spi.ConfigurationException;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every documented key set from an environment variable the Spring way (upper case, dots and dashes
 * as Spring's relaxed binding maps them: {@code WSGATE_ORIGINS_ALLOWMISSING} for {@code
 * wsgate.origins.allow-missing}), through a {@code systemEnvironment} source as Spring Boot reads
 * the real environment.
 */
final class EnvironmentVariablesTest {
  /** A one-tenant HMAC gate that accepts upgrades without Origin, set by variables only. */
  private static Map<String, String> gate() {
    Map<String, String> v = new HashMap<>();
    v.put("WSGATE_ORIGINS", TestGate.ORIGIN);
    v.put("WSGATE_ORIGINS_ALLOWMISSING", "true");
    v.put("WSGATE_EXTRACTORS", "query,header");
    v.put("WSGATE_PROVIDER", "hmac");
    v.put("WSGATE_PROVIDER_HMAC_SECRET", PropertiesApp.SECRET);
    v.put("WSGATE_MAXTOKENBYTES", "4096");
    v.put("WSGATE_SESSION_EXPIRYJITTER", "2s");
    return v;
  }

  @Test
  void entries_relaxedVariableNames_areTheDocumentedKeys() {
    Map<String, String> v = new HashMap<>();
    v.put("WSGATE_ORIGINS_ALLOWMISSING", "true");
    v.put("WSGATE_PROVIDER_JWKS_JWKSURI", "https://idp.example.com/jwks");
    v.put("WSGATE_TENANT_ACME_PATHPREFIX", "/acme");
    v.put("WSGATE_TENANT_ACME_RATELIMIT_PERMINUTE", "20");
    v.put("WSGATE_SESSION_MAXLIFETIME", "1h");
    v.put("WSGATE_HANDSHAKE_TIMEOUT", "5s");
    v.put("WSGATE_ORIGINS_ALLOWMISING", "true");

    assertThat(WsgateEnvironment.entries(PropertiesApp.environment(v)))
        .containsOnly(
            entry("wsgate.origins.allow-missing", "true"),
            entry("wsgate.provider.jwks.jwks-uri", "https://idp.example.com/jwks"),
            entry("wsgate.tenant.acme.path-prefix", "/acme"),
            entry("wsgate.tenant.acme.rate-limit.per-minute", "20"),
            entry("wsgate.session.max-lifetime", "1h"),
            entry("wsgate.handshake.timeout", "5s"),
            // no documented key: reported as unknown, with the nearest one
            entry("wsgate.origins.allowmising", "true"));
  }

  @Test
  void documentedKeys_anotherJarsMetadataFirst_areTheStartersOwn(@TempDir Path dir)
      throws Exception {
    Path decoy = dir.resolve("spring-configuration-metadata.json");
    Files.writeString(
        decoy, "{\"properties\": [{\"name\": \"wsgate.decoy-key\"}, {\"name\": \"server.port\"}]}");
    ClassLoader test = getClass().getClassLoader();
    ClassLoader decoyFirst =
        new ClassLoader(test) {
          @Override
          public Enumeration<URL> getResources(String name) throws IOException {
            List<URL> urls = new ArrayList<>(List.of(decoy.toUri().toURL()));
            urls.addAll(Collections.list(test.getResources(name)));
            return Collections.enumeration(urls);
          }
        };

    assertThat(WsgateEnvironment.documented(decoyFirst))
        .map(ConfigurationPropertyName::toString)
        .contains("wsgate.origins.allow-missing", "wsgate.session.max-lifetime")
        .doesNotContain("wsgate.decoy-key", "server.port");
  }

  @Test
  void servlet_gateFromVariablesOnly_dashedKeysTakeEffect() throws Exception {
    try (ConfigurableApplicationContext app =
        PropertiesApp.startWithEnvironment(WebApplicationType.SERVLET, gate())) {
      // no Origin: accepted because wsgate.origins.allow-missing came from its variable
      Replies replies = new Replies();
      WebSocket ws =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .header(
                  "Authorization", "Bearer " + PropertiesApp.hs256(PropertiesApp.SECRET, "nora"))
              .buildAsync(URI.create("ws://127.0.0.1:" + ServletApp.port(app) + "/echo"), replies)
              .get(20, TimeUnit.SECONDS);
      ws.sendText("hello", true).get(20, TimeUnit.SECONDS);

      assertThat(replies.next()).isEqualTo("nora@default: hello");
      assertThat(app.getBean(HandshakeGate.class).tenants().get("default").maxTokenBytes())
          .isEqualTo(4096);
      assertThat(app.getBean(WsgateSpringProperties.class).getSession().getExpiryJitter())
          .isEqualTo(Duration.ofSeconds(2));
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(20, TimeUnit.SECONDS);
    }
  }

  /** The problems that stop the gate of {@link #gate()} with one variable more. */
  private static ConfigurationException startFails(String variable, String value) {
    Map<String, String> v = gate();
    v.put(variable, value);
    return PropertiesApp.startUpProblems(
        () -> PropertiesApp.startWithEnvironment(WebApplicationType.SERVLET, v));
  }

  @Test
  void startUp_misspelledVariable_failsNamingTheKeyAndTheNearestOne() {
    ConfigurationException e = startFails("WSGATE_ORIGINS_ALOWMISSING", "true");

    assertThat(e.problems())
        .containsExactly(
            "unknown key wsgate.origins.alowmissing; did you mean wsgate.origins.allow-missing?");
  }

  @Test
  void startUp_serverOnlyKeyAsVariable_refusedWithItsSpringEquivalent() {
    ConfigurationException e = startFails("WSGATE_MAXFRAMEBYTES", "65536");

    assertThat(e.problems())
        .singleElement()
        .asString()
        .startsWith(
            "wsgate.max-frame-bytes is read by the standalone wsgate server only; in Spring Boot"
                + " use the container's message size limits");
  }
}
