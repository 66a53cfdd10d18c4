package dev.wsgate.adapter.spring;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.unit.DataSize;

/**
 * Raises the web server's request-head limits to at least {@code wsgate.handshake.max-bytes} (32
 * KiB by default), so that an upgrade with an oversized token reaches the gate and gets its
 * plain-text 431, instead of the container's own error before any application code runs (Tomcat's
 * 400 HTML page over 8 KiB of headers, Reactor Netty's 414 over a 4 KiB request line). Sets Spring
 * Boot's own {@code server.max-http-request-header-size} and {@code
 * server.netty.max-initial-line-length}, never lowering a larger value the application chose.
 */
final class ContainerLimits implements EnvironmentPostProcessor {
  static final String SOURCE = "wsgate-container-limits";
  static final String HEADER_SIZE = "server.max-http-request-header-size";
  static final String INITIAL_LINE = "server.netty.max-initial-line-length";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    Binder binder = Binder.get(environment);
    long maxBytes =
        binder
            .bind("wsgate.handshake.max-bytes", Integer.class)
            .orElse(WsgateSpringProperties.DEFAULT_HANDSHAKE_MAX_BYTES);
    Map<String, Object> raised = new HashMap<>();
    raise(binder, HEADER_SIZE, DataSize.ofKilobytes(8), maxBytes, raised);
    raise(binder, INITIAL_LINE, DataSize.ofKilobytes(4), maxBytes, raised);
    if (!raised.isEmpty()) {
      environment.getPropertySources().addFirst(new MapPropertySource(SOURCE, raised));
    }
  }

  private static void raise(
      Binder binder, String key, DataSize springDefault, long atLeast, Map<String, Object> out) {
    DataSize current = binder.bind(key, DataSize.class).orElse(springDefault);
    if (current.toBytes() < atLeast) {
      out.put(key, atLeast + "B");
    }
  }
}
