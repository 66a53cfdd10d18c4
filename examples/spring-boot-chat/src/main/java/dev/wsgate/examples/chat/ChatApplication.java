package dev.wsgate.examples.chat;

import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.OriginPolicy;
import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.TokenExtractors;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * A chat room behind wsgate: the page at {@code /} asks {@link DevTokens} for a short-lived token
 * (a stand-in for your login), then opens {@code /chat} with it as a subprotocol entry. The
 * starter gates {@code /chat}: no token, a bad token or another site's page gets a real 401/403.
 */
@SpringBootApplication
@EnableWebSocket
public class ChatApplication implements WebSocketConfigurer {
  private final ChatRoom room = new ChatRoom();

  public static void main(String[] args) {
    SpringApplication.run(ChatApplication.class, args);
  }

  @Bean
  DevTokens devTokens() {
    return new DevTokens(System.getenv("WSGATE_HMAC_SECRET"));
  }

  @Bean
  HandshakeGate gate(DevTokens tokens) {
    TokenVerifier verifier =
        ProviderRegistry.load(getClass().getClassLoader())
            .get("hmac")
            .create(
                ProviderSettings.builder("wsgate.provider.hmac.")
                    .values(Map.of("secret", tokens.secret(), "audience", DevTokens.AUDIENCE))
                    .build());
    return HandshakeGate.builder()
        .tenant(
            new TenantPolicy(
                "default",
                // the page is served by this application, on whatever local port it got
                OriginPolicy.of(List.of("http://localhost:*", "http://127.0.0.1:*"), false),
                List.of(TokenExtractors.subprotocol("bearer.")),
                verifier,
                List.of("chat.v1"),
                TenantPolicy.DEFAULT_MAX_TOKEN_BYTES,
                Duration.ofSeconds(30)))
        .build();
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    registry.addHandler(room, "/chat");
  }
}
