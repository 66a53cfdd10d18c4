package dev.wsgate.server;

import dev.wsgate.spi.Failure;
import dev.wsgate.spi.TokenVerifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The server's meters, on a Micrometer {@link MeterRegistry}. Every label value comes from the
 * failure table ({@link Failure#metricLabel()}), from configured tenant and provider ids, or from a
 * fixed list of close codes: never from the request, so the number of series stays bounded.
 *
 * <ul>
 *   <li>{@code wsgate_handshakes_total{outcome,failure,status,tenant}}: every answered upgrade
 *   <li>{@code wsgate_verification_seconds{provider,tenant,outcome}}: time spent in the tenant's
 *       verifier (a histogram with fixed buckets from 1 ms to 5 s)
 *   <li>{@code wsgate_connections_open{tenant}}: accepted connections not yet closed
 *   <li>{@code wsgate_connections_closed_total{code,initiator}}: closes of accepted connections
 *   <li>{@code wsgate_provider_ready{provider,tenant}}: 1 when the verifier has its keys
 * </ul>
 *
 * Thread-safe.
 */
public final class ServerMetrics {
  static final String NO_TENANT = "none";
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /** Close codes that get their own label value; any other code is counted as {@code other}. */
  private static final Set<Integer> KNOWN_CODES =
      Set.of(
          1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015,
          4001, 4002, 4003);

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
  private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

  /**
   * Meters by their label values, so that counting on the handshake path is a map lookup: building
   * a meter id and looking it up in the registry cost about 3% of a handshake's server CPU, and a
   * list as the key (hashed and compared through iterators) still 2%.
   */
  private final Map<Labels, Counter> counters = new ConcurrentHashMap<>();

  private final Map<Labels, Timer> timers = new ConcurrentHashMap<>();

  /** A meter's name and label values, as a map key. */
  private record Labels(String meter, Object a, Object b, Object c) {}

  /** Meters on {@code registry}. */
  public ServerMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** Meters on a fresh Prometheus registry (what {@code /metrics} of the admin port serves). */
  public static ServerMetrics prometheus() {
    return new ServerMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** The registry, to bind more meters or to hand to another exporter. */
  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition, when the registry is a Prometheus one. */
  public Optional<String> scrape() {
    return registry instanceof PrometheusMeterRegistry
        ? Optional.of(((PrometheusMeterRegistry) registry).scrape())
        : Optional.empty();
  }

  /** Registers the per-tenant meters at zero, so that dashboards see every tenant from start. */
  void tenant(String tenant, String provider, TokenVerifier verifier) {
    openGauge(tenant);
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

  /** Counts an answered upgrade: {@code failure} is null when it was accepted. */
  void handshake(Failure failure, int status, String tenant) {
    counter(
            new Labels("handshakes", failure, status, tenant),
            () -> handshakeCounter(failure, status, tenant))
        .increment();
  }

  private Counter handshakeCounter(Failure failure, int status, String tenant) {
    return Counter.builder("wsgate.handshakes")
        .description("answered WebSocket upgrade requests")
        .tags(
            "outcome",
            failure == null ? "accepted" : "rejected",
            "failure",
            failure == null ? "none" : failure.metricLabel(),
            "status",
            Integer.toString(status),
            "tenant",
            tenant.isEmpty() ? NO_TENANT : tenant)
        .register(registry);
  }

  /** Records one verification of a tenant's verifier; {@code failure} is null when it passed. */
  void verification(String provider, String tenant, Failure failure, long nanos) {
    Labels key = new Labels("verification", provider, tenant, failure);
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

  /** An accepted connection of {@code tenant} opened. */
  void opened(String tenant) {
    openGauge(tenant).incrementAndGet();
  }

  /** An accepted connection of {@code tenant} closed with {@code code}. */
  void closed(String tenant, int code, boolean remote) {
    openGauge(tenant).decrementAndGet();
    int known = KNOWN_CODES.contains(code) ? code : 0;
    counter(
            new Labels("closed", known, remote, null),
            () ->
                Counter.builder("wsgate.connections.closed")
                    .description("closes of accepted connections by close code")
                    .tags(
                        "code",
                        known == 0 ? "other" : Integer.toString(known),
                        "initiator",
                        remote ? "client" : "server")
                    .register(registry))
        .increment();
  }

  private Counter counter(Labels key, Supplier<Counter> make) {
    Counter c = counters.get(key);
    return c != null ? c : counters.computeIfAbsent(key, k -> make.get());
  }

  private AtomicInteger openGauge(String tenant) {
    AtomicInteger known = open.get(tenant);
    return known != null
        ? known
        : open.computeIfAbsent(
            tenant,
            t -> {
              AtomicInteger n = new AtomicInteger();
              Gauge.builder("wsgate.connections.open", n, AtomicInteger::get)
                  .description("accepted connections not yet closed")
                  .tags("tenant", t)
                  .register(registry);
              return n;
            });
  }
}
