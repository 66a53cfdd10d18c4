package dev.wsgate.adapter.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.OriginPolicy;
import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.TokenExtractors;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The README's example, as written there, with the real HMAC provider. */
final class ReadmeExampleTest {
  private static final String SECRET = "a-readme-secret-of-at-least-32-bytes!!";
  private static final Clock CLOCK = Clock.fixed(GatedJetty.NOW, ZoneOffset.UTC);

  private Server server;
  private ServerConnector connector;

  @BeforeEach
  void start() throws Exception {
    // --- README: 1. a verifier from a provider on the class path ---
    TokenVerifier verifier =
        ProviderRegistry.load(Thread.currentThread().getContextClassLoader())
            .get("hmac")
            .create(
                ProviderSettings.builder("wsgate.provider.hmac.")
                    .values(Map.of("secret", "${env:WSGATE_HMAC_SECRET}", "audience", "chat"))
                    .env(name -> name.equals("WSGATE_HMAC_SECRET") ? SECRET : null) // README: omit
                    .clock(CLOCK) // README: omit
                    .build());

    // --- README: 2. the gate ---
    HandshakeGate gate =
        HandshakeGate.builder()
            .tenant(
                new TenantPolicy(
                    "default",
                    OriginPolicy.of(List.of("https://app.example.com"), false),
                    List.of(
                        TokenExtractors.query("token"),
                        TokenExtractors.cookie("wsgate_token"),
                        TokenExtractors.subprotocol("bearer.")),
                    verifier,
                    List.of("app.v1"),
                    TenantPolicy.DEFAULT_MAX_TOKEN_BYTES,
                    Duration.ofSeconds(30)))
            .clock(CLOCK) // README: omit
            .build();

    // --- README: 3. Jetty ---
    server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(16 * 1024);
    connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setPort(0); // README: 8080
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    WsgateJetty.install(context, gate, EchoEndpoint.class, "/ws");
    server.setHandler(context);
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  @Test
  void readmeServer_hs256TokenInSubprotocol_connectsAsItsSubject() throws Exception {
    long exp = GatedJetty.NOW.plus(Duration.ofMinutes(5)).getEpochSecond();
    String jwt = hs256("{\"sub\":\"erin\",\"aud\":\"chat\",\"exp\":" + exp + "}");
    CompletableFuture<String> reply = new CompletableFuture<>();

    WebSocket ws =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("Origin", "https://app.example.com")
            .subprotocols("app.v1", "bearer." + jwt)
            .buildAsync(
                URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/ws"), into(reply))
            .get(20, TimeUnit.SECONDS);
    ws.sendText("whoami", true).get(20, TimeUnit.SECONDS);

    assertThat(ws.getSubprotocol()).isEqualTo("app.v1");
    assertThat(reply.get(20, TimeUnit.SECONDS)).isEqualTo("erin@default/hmac principal=erin");
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(20, TimeUnit.SECONDS);
  }

  @Test
  void readmeServer_tokenForAnotherAudience_answers401() throws Exception {
    long exp = GatedJetty.NOW.plus(Duration.ofMinutes(5)).getEpochSecond();
    String jwt = hs256("{\"sub\":\"erin\",\"aud\":\"billing\",\"exp\":" + exp + "}");

    RawHttp.Response answer = GatedJetty.upgrade("/ws?token=" + jwt).send(connector.getLocalPort());

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
    assertThat(answer.body()).doesNotContain(jwt);
    assertThat(answer.closed()).isTrue();
  }

  private static WebSocket.Listener into(CompletableFuture<String> reply) {
    return new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        reply.complete(data.toString());
        return null;
      }
    };
  }

  private static String hs256(String claims) throws GeneralSecurityException {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String input =
        b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
  }
}
