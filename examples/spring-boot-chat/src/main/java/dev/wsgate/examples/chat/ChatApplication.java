package dev.wsgate.examples.chat;

import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * A chat room behind wsgate: the page at {@code /} asks {@link DevTokens} for a short-lived token
 * (a stand-in for your login), then opens {@code /chat} with it as a subprotocol entry. The
 * starter gates {@code /chat} as {@code application.properties} says (the wsgate server's keys): no
 * token, a bad token or another site's page gets a real 401/403.
 */
@SpringBootApplication
@EnableWebSocket
public class ChatApplication implements WebSocketConfigurer {
  /** The shared secret of the gate and {@link DevTokens}. */
  static final String SECRET = "WSGATE_HMAC_SECRET";

  private final ChatRoom room = new ChatRoom();

  public static void main(String[] args) {
    start(args);
  }

  /**
   * Starts the application. {@code WSGATE_HMAC_SECRET} (an environment variable or a property)
   * keeps tokens valid across restarts; without it every start makes a fresh random secret.
   */
  static ConfigurableApplicationContext start(String... args) {
    SpringApplication app = new SpringApplication(ChatApplication.class);
    // default properties come last: the environment variable, when set, wins
    app.setDefaultProperties(Map.of(SECRET, DevTokens.randomSecret()));
    return app.run(args);
  }

  @Bean
  DevTokens devTokens(@Value("${" + SECRET + "}") String secret) {
    return new DevTokens(secret);
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    registry.addHandler(room, "/chat");
  }
}
