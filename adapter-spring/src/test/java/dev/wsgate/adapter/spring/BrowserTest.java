package dev.wsgate.adapter.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.OriginPolicy;
import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.TokenExtractors;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.testkit.BrowserRun;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * Real handshakes from headless Chromium against a Spring Boot application on Tomcat ({@code
 * browser-tests/run.mjs}): pages from {@code http://localhost:P1} (the only allowed origin), {@code
 * http://127.0.0.1:P2} (another site) and {@code http://localhost:P3} (the same site, another
 * origin); HS256 tokens of the real HMAC provider; the system clock (a two-second token is closed
 * at its exp).
 */
final class BrowserTest {
  private static final String SECRET = "browser-test-secret-0123456789-abcdefgh";
  private static final HttpServer[] pages = new HttpServer[3];
  private static String allowed;
  private static ConfigurableApplicationContext app;
  private static Map<String, Object> results;

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableWebSocket
  static class EchoApp implements WebSocketConfigurer {
    @Bean
    HandshakeGate gate() {
      return HandshakeGate.builder()
          .tenant(
              new TenantPolicy(
                  "default",
                  OriginPolicy.of(List.of(allowed), false),
                  List.of(
                      TokenExtractors.query("token"),
                      TokenExtractors.cookie("wsgate_token"),
                      TokenExtractors.subprotocol("bearer.")),
                  ProviderRegistry.load(getClass().getClassLoader())
                      .get("hmac")
                      .create(
                          ProviderSettings.builder("wsgate.provider.hmac.")
                              .values(Map.of("secret", SECRET))
                              .build()),
                  List.of("app.v1"),
                  TenantPolicy.DEFAULT_MAX_TOKEN_BYTES,
                  Duration.ofSeconds(30)))
          .build();
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
      registry.addHandler(
          new TextWebSocketHandler() {
            @Override
            protected void handleTextMessage(WebSocketSession s, TextMessage m) throws Exception {
              s.sendMessage(m);
            }
          },
          "/ws");
    }
  }

  private static String token(String query) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader(JWSAlgorithm.HS256),
              new JWTClaimsSet.Builder()
                  .subject("browser-user")
                  .expirationTime(
                      Date.from(Instant.now().plusSeconds(query.contains("ttl=2") ? 2 : 600)))
                  .build());
      jwt.sign(new MACSigner(SECRET));
      String t = jwt.serialize();
      return query.contains("kind=invalid") ? t.substring(0, t.length() - 4) + "AAAA" : t;
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeAll
  static void runChromium() throws Exception {
    for (int i = 0; i < pages.length; i++) {
      pages[i] = BrowserRun.pages(BrowserTest::token);
    }
    allowed = "http://localhost:" + pages[0].getAddress().getPort();
    app =
        new SpringApplicationBuilder(EchoApp.class)
            .web(WebApplicationType.SERVLET)
            .properties(
                "server.port=0",
                "spring.main.banner-mode=off",
                "wsgate.session.expiry-jitter=0s") // the 2 s token closes at its exp
            .run();
    String config =
        "{\"ws\":\"ws://localhost:"
            + app.getEnvironment().getProperty("local.server.port")
            + "/ws\",\"allowed\":\""
            + allowed
            + "\",\"otherSite\":\"http://127.0.0.1:"
            + pages[1].getAddress().getPort()
            + "\",\"sameSite\":\"http://localhost:"
            + pages[2].getAddress().getPort()
            + "\"}";
    String configured = System.getProperty("wsgate.browser-tests");
    results =
        BrowserRun.run(
            (configured == null ? Path.of("..", "browser-tests") : Path.of(configured))
                .toAbsolutePath()
                .normalize(),
            config);
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    for (HttpServer s : pages) {
      if (s != null) {
        s.stop(0);
      }
    }
  }

  @Test
  void queryToken_opensAndEchoes_protocolIsTheApplicationOne() {
    assertOpenedWithEcho("query");
  }

  @Test
  void subprotocolToken_opensAndEchoes_protocolIsNeverTheToken() {
    assertOpenedWithEcho("subprotocol");
  }

  @Test
  void base64urlSubprotocolToken_opensAndEchoes() {
    assertOpenedWithEcho("subprotocolBase64url");
  }

  @Test
  void httpOnlyCookie_opensAndEchoes_andIsHiddenFromScript() {
    assertThat(results.get("cookieHiddenFromScript")).isEqualTo(true);
    assertOpenedWithEcho("cookie");
  }

  @Test
  void tokenExpiringTwoSecondsAfterOpen_reachesThePageAs4002() {
    Map<String, Object> r = result("expiring");
    assertThat(r.get("opened")).isEqualTo(true);
    assertThat(r.get("echo")).isEqualTo("ping");
    assertThat(((Number) r.get("closeCode")).intValue()).isEqualTo(4002);
  }

  @Test
  void refusals_invalidTokenOtherOriginsAndSandboxedIframe_neverOpen() {
    for (String c :
        List.of(
            "invalidToken",
            "disallowedOrigin",
            "sandboxedIframe",
            "hijackSameSite",
            "hijackOtherSite")) {
      Map<String, Object> r = result(c);
      assertThat(r.get("opened")).as(c + " opened").isEqualTo(false);
      assertThat(((Number) r.get("closeCode")).intValue()).as(c + " close code").isEqualTo(1006);
    }
  }

  private static void assertOpenedWithEcho(String name) {
    Map<String, Object> r = result(name);
    assertThat(r.get("opened")).as(name + " opened").isEqualTo(true);
    assertThat(r.get("protocol")).as(name + " ws.protocol").isEqualTo("app.v1");
    assertThat(r.get("echo")).as(name + " echo").isEqualTo("ping");
    assertThat(((Number) r.get("closeCode")).intValue()).isEqualTo(1000);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> result(String name) {
    assertThat(results).containsKey(name);
    return (Map<String, Object>) results.get(name);
  }
}
