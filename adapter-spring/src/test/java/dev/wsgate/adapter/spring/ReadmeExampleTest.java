package dev.wsgate.adapter.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.wsgate.spi.VerifiedToken;
import dev.wsgate.testkit.RawHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.concurrent.TimeUnit;
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
 * The README's servlet example, as written there: the gate from {@code application.properties} with
 * the real HMAC provider found through ServiceLoader, and an endpoint naming no wsgate class but
 * {@code WsgateSpring}.
 */
final class ReadmeExampleTest {
  private static final String SECRET = "a-readme-secret-of-at-least-32-bytes!!";
  private static final Clock CLOCK = Clock.fixed(TestGate.NOW, ZoneOffset.UTC);
  private static int port;

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableWebSocket
  static class Sockets implements WebSocketConfigurer {
    @Bean
    Clock clock() { // README: omit
      return CLOCK;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
      registry.addHandler(new ChatHandler(), "/chat");
    }
  }

  static class ChatHandler extends TextWebSocketHandler {
    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message)
        throws Exception {
      String who = session.getPrincipal().getName();
      VerifiedToken token = WsgateSpring.verifiedToken(session.getAttributes()).orElseThrow();
      session.sendMessage(
          new TextMessage(who + ": " + message.getPayload() + " via " + token.providerId()));
    }
  }

  @BeforeAll
  static void start() {
    Path secret = PropertiesApp.secretFile(SECRET);
    ConfigurableApplicationContext app =
        new SpringApplicationBuilder(Sockets.class)
            .web(WebApplicationType.SERVLET)
            .properties("server.port=0", "spring.main.banner-mode=off")
            .properties( // the README's application.properties, the secret file's path replaced
                "wsgate.origins=https://app.example.com",
                "wsgate.provider=hmac",
                "wsgate.provider.hmac.secret=${file:" + secret + "}",
                "wsgate.provider.hmac.audience=chat",
                "wsgate.subprotocols=app.v1,v12.stomp")
            .run();
    port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
  }

  private static String hs256(String audience) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder()
                .subject("erin")
                .audience(audience)
                .expirationTime(Date.from(TestGate.NOW.plus(Duration.ofMinutes(5))))
                .build());
    jwt.sign(new MACSigner(SECRET));
    return jwt.serialize();
  }

  @Test
  void readmeApp_hs256TokenInSubprotocol_chatsAsItsSubject() throws Exception {
    Replies replies = new Replies();
    WebSocket ws =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("Origin", "https://app.example.com")
            .subprotocols("app.v1", "bearer." + hs256("chat"))
            .buildAsync(URI.create("ws://127.0.0.1:" + port + "/chat"), replies)
            .get(20, TimeUnit.SECONDS);
    ws.sendText("hello", true).get(20, TimeUnit.SECONDS);

    assertThat(ws.getSubprotocol()).isEqualTo("app.v1");
    assertThat(replies.next()).isEqualTo("erin: hello via hmac");
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(20, TimeUnit.SECONDS);
  }

  @Test
  void readmeApp_tokenForAnotherAudience_401WithoutTheToken() throws Exception {
    String jwt = hs256("billing");

    RawHttp.Response answer =
        RawHttp.to("/chat")
            .header("Origin", "https://app.example.com")
            .header("Cookie", "wsgate_token=" + jwt)
            .send(port);

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
    assertThat(answer.body()).doesNotContain(jwt);
    assertThat(answer.closed()).isTrue();
  }
}
