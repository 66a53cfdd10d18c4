package dev.wsgate.adapter.spring;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * An application that names no wsgate class at all: the gate comes from {@code wsgate.*} properties
 * (the real HMAC provider, its secret read by wsgate from a file), an echo endpoint at {@code
 * /echo} on either stack answers {@code <principal>@<tenant>: <text>}. Its clock is fixed at {@link
 * TestGate#NOW}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableWebSocket
class PropertiesApp implements WebSocketConfigurer {
  static final String SECRET = "a-properties-secret-of-at-least-32-bytes";
  static final String OTHER_SECRET = "another-tenant-secret-of-at-least-32-bytes";

  @Bean
  Clock clock() {
    return Clock.fixed(TestGate.NOW, ZoneOffset.UTC);
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    registry.addHandler(new ServletApp.Echo(), "/echo");
  }

  @Bean
  HandlerMapping reactiveEcho() {
    org.springframework.web.reactive.socket.WebSocketHandler echo =
        session ->
            session
                .getHandshakeInfo()
                .getPrincipal()
                .map(Principal::getName)
                .flatMap(
                    who ->
                        session.send(
                            session
                                .receive()
                                .map(
                                    m ->
                                        session.textMessage(
                                            who
                                                + "@"
                                                + session.getAttributes().get(WsgateSpring.TENANT)
                                                + ": "
                                                + m.getPayloadAsText()))));
    return new SimpleUrlHandlerMapping(Map.of("/echo", echo), -1);
  }

  /** A file holding {@code secret}, for {@code ${file:…}}. */
  static Path secretFile(String secret) {
    try {
      Path f = Files.createTempFile("wsgate-secret", ".txt");
      f.toFile().deleteOnExit();
      return Files.writeString(f, secret, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The properties of a one-tenant gate: HMAC with {@link #SECRET}, the test origin. */
  static List<String> singleTenant() {
    return List.of(
        "wsgate.origins=" + TestGate.ORIGIN,
        "wsgate.provider=hmac",
        "wsgate.provider.hmac.secret=${file:" + secretFile(SECRET) + "}",
        "wsgate.subprotocols=app.v1");
  }

  static ConfigurableApplicationContext start(WebApplicationType type, List<String> properties) {
    List<String> all = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off"));
    all.addAll(properties);
    return new SpringApplicationBuilder(PropertiesApp.class)
        .web(type)
        .properties(all.toArray(String[]::new))
        .run();
  }

  /** An HS256 token for {@code subject}, valid five minutes of the app's clock. */
  static String hs256(String secret, String subject) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader(JWSAlgorithm.HS256),
              new JWTClaimsSet.Builder()
                  .subject(subject)
                  .expirationTime(Date.from(TestGate.NOW.plus(Duration.ofMinutes(5))))
                  .build());
      jwt.sign(new MACSigner(secret));
      return jwt.serialize();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
