package dev.wsgate.server.admin;

import dev.wsgate.adapter.javawebsocket.ServerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;

/** The server's meters on a Prometheus registry, and their text exposition for {@code /metrics}. */
public final class Prometheus {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private Prometheus() {}

  /** Meters on a fresh Prometheus registry. */
  public static ServerMetrics metrics() {
    return new ServerMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** The Prometheus text exposition, when the registry is a Prometheus one. */
  public static Optional<String> scrape(ServerMetrics metrics) {
    return metrics.registry() instanceof PrometheusMeterRegistry
        ? Optional.of(((PrometheusMeterRegistry) metrics.registry()).scrape())
        : Optional.empty();
  }
}
