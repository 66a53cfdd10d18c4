package dev.wsgate.adapter.spring;

import dev.wsgate.spi.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses, at start-up, the {@code wsgate.*} keys that only the standalone wsgate server reads,
 * naming what does their job in Spring Boot: set there, they would silently do nothing. A key the
 * server gains that the starter has no use for gets its entry here (a key prefix ends with a dot);
 * without one it is refused as unknown. Every such key is reported together in one {@link
 * ConfigurationException}, which {@link WsgateFailureAnalyzer} describes.
 */
final class ServerOnlyKeys implements EnvironmentPostProcessor {
  /** Key prefixes (or whole keys) and the Spring Boot equivalent. */
  private static final Map<String, String> EQUIVALENTS =
      Map.ofEntries(
          Map.entry("wsgate.listen.host", "server.address"),
          Map.entry("wsgate.listen.port", "server.port"),
          Map.entry("wsgate.listen.", "the web server's own settings (server.*)"),
          Map.entry(
              "wsgate.path",
              "your WebSocketConfigurer or StompEndpointRegistry (narrow the gated ones with"
                  + " wsgate.spring.paths)"),
          Map.entry("wsgate.decoders", "the web server's threads (server.tomcat.threads.max)"),
          Map.entry(
              "wsgate.transport",
              "the web server Spring Boot runs (spring-boot-starter-tomcat, -jetty or WebFlux's"
                  + " Reactor Netty)"),
          Map.entry("wsgate.handshake.timeout", "server.tomcat.connection-timeout"),
          Map.entry(
              "wsgate.admin.",
              "Actuator (management.*: the wsgate health contributor and metrics) and"
                  + " WsgateSessions.disconnectSubject"),
          Map.entry("wsgate.plugins.dir", "provider jars on the application's class path"),
          Map.entry("wsgate.log.level", "logging.level.dev.wsgate"),
          Map.entry(
              "wsgate.max-frame-bytes",
              "the container's message size limits (ServletServerContainerFactoryBean on the"
                  + " servlet stack, ReactorNettyRequestUpgradeStrategy's WebsocketServerSpec on"
                  + " WebFlux)"),
          Map.entry(
              "wsgate.limits.",
              "server.tomcat.max-connections, or your own limit on WsgateSessions.openConnections()"),
          Map.entry(
              "wsgate.auth.max-pending",
              "nothing: first-message authentication is not served by the starter"),
          Map.entry(
              "wsgate.auth.max-pending-per-address",
              "nothing: first-message authentication is not served by the starter"),
          Map.entry(
              "wsgate.session.ping-interval",
              "STOMP heart-beats, or the container's idle timeout"
                  + " (ServletServerContainerFactoryBean.setMaxSessionIdleTimeout)"),
          Map.entry(
              "wsgate.cluster",
              "nothing yet: cluster mode (wsgate-cluster-redis) is a feature of the wsgate server"),
          Map.entry(
              "wsgate.cluster.",
              "nothing yet: cluster mode (wsgate-cluster-redis) is a feature of the wsgate server"));

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    List<String> problems = problems(keys(environment));
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
  }

  /** The {@code wsgate.*} keys of every source, environment variables included. */
  static Set<String> keys(ConfigurableEnvironment environment) {
    return WsgateEnvironment.keys(environment);
  }

  /** The server-only keys that are whole keys, not prefixes. */
  static Set<String> wholeKeys() {
    return EQUIVALENTS.keySet().stream()
        .filter(k -> !k.endsWith("."))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** One problem per server-only key among {@code keys}, in key order. */
  static List<String> problems(Iterable<String> keys) {
    List<String> problems = new ArrayList<>();
    for (String key : keys) {
      String equivalent = equivalent(key);
      if (equivalent != null) {
        problems.add(
            key
                + " is read by the standalone wsgate server only; in Spring Boot use "
                + equivalent);
      }
    }
    return problems;
  }

  private static String equivalent(String key) {
    String exact = EQUIVALENTS.get(key);
    if (exact != null) {
      return exact;
    }
    for (Map.Entry<String, String> e : EQUIVALENTS.entrySet()) {
      if (e.getKey().endsWith(".") && key.startsWith(e.getKey())) {
        return e.getValue();
      }
    }
    return null;
  }
}
