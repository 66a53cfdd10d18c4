package dev.wsgate.adapter.spring;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.wsgate.spi.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
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
    return new SimpleUrlHandlerMapping(Map.of("/echo", ReactiveApp.echo()), -1);
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

  /**
   * As {@link #start}, with {@code variables} as the process's environment variables: they replace
   * the real ones in the source Spring Boot reads them from, a {@link
   * SystemEnvironmentPropertySource} named {@code systemEnvironment}.
   */
  static ConfigurableApplicationContext startWithEnvironment(
      WebApplicationType type, Map<String, String> variables) {
    return new SpringApplicationBuilder(PropertiesApp.class)
        .web(type)
        .environment(environment(variables))
        .properties("server.port=0", "spring.main.banner-mode=off")
        .run();
  }

  /** An environment whose environment variables are {@code variables}. */
  static StandardEnvironment environment(Map<String, String> variables) {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .replace(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.copyOf(variables)));
    return environment;
  }

  /**
   * The {@link ConfigurationException} that stopped {@code start}, found in the cause chain of what
   * Spring Boot threw; fails the test when there is none.
   */
  static ConfigurationException startUpProblems(ThrowingCallable start) {
    Throwable t = Assertions.catchThrowable(start);
    while (t != null && !(t instanceof ConfigurationException)) {
      t = t.getCause();
    }
    Assertions.assertThat(t).as("a ConfigurationException in the cause chain").isNotNull();
    return (ConfigurationException) t;
  }

  /** An HS256 token for {@code subject}, valid five minutes of the app's clock. */
  static String hs256(String secret, String subject) {
    return hs256(secret, subject, "");
  }

  /** As {@link #hs256(String, String)}, with an OAuth {@code scope} claim unless it is empty. */
  static String hs256(String secret, String subject, String scope) {
    try {
      JWTClaimsSet.Builder claims =
          new JWTClaimsSet.Builder()
              .subject(subject)
              .expirationTime(Date.from(TestGate.NOW.plus(Duration.ofMinutes(5))));
      if (!scope.isEmpty()) {
        claims.claim("scope", scope);
      }
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
      jwt.sign(new MACSigner(secret));
      return jwt.serialize();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
