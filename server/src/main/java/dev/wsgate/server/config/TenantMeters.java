package dev.wsgate.server.config;

import dev.wsgate.adapter.javawebsocket.ServerMetrics;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.TokenVerifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The meters of the tenants' providers, next to the adapter's {@link ServerMetrics} on the same
 * registry. Label values come from configured tenant and provider ids, the failure table and the
 * configured key URLs: never from a request. Thread-safe.
 *
 * <ul>
 *   <li>{@code wsgate_verification_seconds{provider,tenant,outcome}}: time spent in the tenant's
 *       verifier (a histogram with fixed buckets from 1 ms to 5 s)
 *   <li>{@code wsgate_provider_ready{provider,tenant}}: 1 when the verifier has its keys
 *   <li>{@code wsgate_key_fetches_total{tenant,provider,source,outcome}}: the providers' key
 *       fetches
 * </ul>
 */
final class TenantMeters {
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5)
  };

  private final MeterRegistry registry;

  /** Timers by their label values, so that timing a verification is a map lookup. */
  private final Map<Labels, Timer> timers = new ConcurrentHashMap<>();

  /** A timer's label values, as a map key. */
  private record Labels(String provider, String tenant, Failure failure) {}

  TenantMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Registers the tenant's readiness gauge. */
  void tenant(String tenant, String provider, TokenVerifier verifier) {
    Gauge.builder("wsgate.provider.ready", verifier, v -> v.isReady() ? 1 : 0)
        .description("1 when the tenant's verifier can verify without a network call")
        .tags("provider", provider, "tenant", tenant)
        .register(registry);
  }

  /**
   * Counts a provider's fetch of keys or certificates. {@code source} is the configured key URL's
   * host, reported by the provider (configuration, never request data: bounded).
   */
  void keyFetch(String tenant, String provider, String source, boolean succeeded) {
    Counter.builder("wsgate.key.fetches")
        .description("fetches of signing keys or certificates by the providers")
        .tags(
            "tenant",
            tenant,
            "provider",
            provider,
            "source",
            source,
            "outcome",
            succeeded ? "ok" : "failed")
        .register(registry)
        .increment();
  }

  /** Records one verification of a tenant's verifier; {@code failure} is null when it passed. */
  void verification(String provider, String tenant, Failure failure, long nanos) {
    Labels key = new Labels(provider, tenant, failure);
    Timer timer = timers.get(key);
    if (timer == null) {
      timer = timers.computeIfAbsent(key, k -> verificationTimer(provider, tenant, failure));
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer verificationTimer(String provider, String tenant, Failure failure) {
    return Timer.builder("wsgate.verification")
        .description("time spent in the tenant's token verifier")
        .tags(
            "provider",
            provider,
            "tenant",
            tenant,
            "outcome",
            failure == null ? "verified" : failure.metricLabel())
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }
}
