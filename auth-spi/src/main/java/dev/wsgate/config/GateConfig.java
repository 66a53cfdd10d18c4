package dev.wsgate.config;

import dev.wsgate.cluster.ClusterState;
import dev.wsgate.gate.FailureRateLimiter;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.InMemoryTicketStore;
import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.TenantResolver;
import dev.wsgate.gate.TrustedProxies;
import dev.wsgate.spi.TokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The gate's part of wsgate's configuration, read the same way wherever the gate runs (the wsgate
 * server, the Spring Boot starter): tenants and their origins, extractors and providers, tenant
 * routing, the verify timeout, the failure limiter and the trusted proxies. Keys such as {@code
 * wsgate.listen.*} that only a transport reads stay with that transport's loader, which reads them
 * through the same {@link ConfigReader} before or after this.
 *
 * <p>{@link #read} records problems on the reader instead of throwing; the caller checks {@link
 * ConfigReader#problems()} once it has read its own keys too, and {@link #close()}s the verifiers
 * if it gives up. Owns the tenants' verifiers.
 */
public final class GateConfig implements AutoCloseable {
  private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  private final List<TenantPolicy> tenants;
  private final @Nullable TenantResolver resolver;
  private final Set<String> providerIds;
  private final Set<String> paths;
  private final List<TenantEndpoint> endpoints;
  private final Duration verifyTimeout;
  private final @Nullable FailureRateLimiter limiter;
  private final List<String> trustedProxies;

  private GateConfig(
      List<TenantPolicy> tenants,
      @Nullable TenantResolver resolver,
      Set<String> providerIds,
      Set<String> paths,
      List<TenantEndpoint> endpoints,
      Duration verifyTimeout,
      @Nullable FailureRateLimiter limiter,
      List<String> trustedProxies) {
    this.tenants = List.copyOf(tenants);
    this.resolver = resolver;
    this.providerIds = Collections.unmodifiableSet(new LinkedHashSet<>(providerIds));
    this.paths = Collections.unmodifiableSet(new LinkedHashSet<>(paths));
    this.endpoints = List.copyOf(endpoints);
    this.verifyTimeout = verifyTimeout;
    this.limiter = limiter;
    this.trustedProxies = List.copyOf(trustedProxies);
  }

  /**
   * {@link #read(ConfigReader, ProviderRegistry, Clock, VerifierHooks, String, ClusterState)} for a
   * single instance: tickets wait in a bounded store in this process, and the failure limiter
   * counts in this process.
   */
  public static GateConfig read(
      ConfigReader r, ProviderRegistry registry, Clock clock, VerifierHooks hooks, String path) {
    return read(
        r,
        registry,
        clock,
        hooks,
        path,
        ClusterState.standalone(new InMemoryTicketStore(InMemoryTicketStore.DEFAULT_MAX_ENTRIES)));
  }

  /**
   * Reads the gate's keys, creating each tenant's verifier through its provider.
   *
   * @param r the configuration; problems are recorded on it
   * @param registry where provider ids are looked up
   * @param clock the clock of the gate, the failure limiter and the providers
   * @param hooks what the application adds around each verifier
   * @param path the upgrade path ({@code wsgate.path}); with {@code wsgate.tenant.resolver=path}
   *     each tenant is served at its prefix plus this path
   * @param cluster what the instances share: every tenant's one-time tickets wait in its store (one
   *     store: a ticket names its tenant), and the failure limiter spends the cluster's budgets
   *     when it shares them ({@link ClusterState#failureCounts}); the caller owns, starts and
   *     closes it
   */
  public static GateConfig read(
      ConfigReader r,
      ProviderRegistry registry,
      Clock clock,
      VerifierHooks hooks,
      String path,
      ClusterState cluster) {
    Duration verifyTimeout =
        r.duration(HandshakeGate.DEFAULT_VERIFY_TIMEOUT, "wsgate.handshake.verify-timeout");
    if (verifyTimeout.isNegative()) {
      r.problem("wsgate.handshake.verify-timeout must be 0 (verify on the decoder) or longer");
    }
    List<String> proxies = r.list(List.of(), "wsgate.trusted-proxies");
    try {
      TrustedProxies.parse(proxies);
    } catch (IllegalArgumentException e) {
      r.problem("wsgate.trusted-proxies " + e.getMessage());
      proxies = List.of();
    }
    FailureRateLimiter limiter = limiter(r, clock, cluster);

    List<String> tenantIds = r.list(List.of(), "wsgate.tenants");
    Optional<String> resolverName = r.optional("wsgate.tenant.resolver");
    List<TenantPolicy> tenants = new ArrayList<>();
    Set<String> paths = new LinkedHashSet<>();
    List<TenantEndpoint> endpoints = new ArrayList<>();
    TenantResolver resolver = null;
    TenantFactory factory = new TenantFactory(r, registry, clock, hooks, cluster.tickets());
    if (tenantIds.isEmpty()) {
      resolverName.ifPresent(
          n -> r.problem("wsgate.tenant.resolver is set but wsgate.tenants is not"));
      factory.build("default", List.of("wsgate.")).ifPresent(tenants::add);
      paths.add(path);
    } else {
      String mode = resolverName.orElse(tenantIds.size() == 1 ? "single" : "");
      TenantRouting routing = new TenantRouting(r, mode, path);
      for (String id : tenantIds) {
        if (!TENANT_ID.matcher(id).matches()) {
          r.problem("wsgate.tenants entry '" + id + "' must match " + TENANT_ID.pattern());
          continue;
        }
        String own = "wsgate.tenant." + id + ".";
        factory.build(id, List.of(own, "wsgate.")).ifPresent(tenants::add);
        routing.read(id);
      }
      resolver = routing.resolver(factory).orElse(null);
      paths.addAll(routing.paths());
      endpoints.addAll(routing.endpoints());
    }
    return new GateConfig(
        tenants,
        resolver,
        factory.providerIds(),
        paths,
        endpoints,
        verifyTimeout,
        limiter,
        proxies);
  }

  private static @Nullable FailureRateLimiter limiter(
      ConfigReader r, Clock clock, ClusterState cluster) {
    boolean on = r.bool(true, "wsgate.rate-limit.enabled");
    int burst =
        r.integer(FailureRateLimiter.DEFAULT_BURST, 1, 1_000_000, "wsgate.rate-limit.burst");
    int perMinute =
        r.integer(
            FailureRateLimiter.DEFAULT_PER_MINUTE, 1, 1_000_000, "wsgate.rate-limit.per-minute");
    int maxAddresses =
        r.integer(
            FailureRateLimiter.DEFAULT_MAX_ADDRESSES,
            1,
            10_000_000,
            "wsgate.rate-limit.max-addresses");
    int ipv6Prefix =
        r.integer(FailureRateLimiter.DEFAULT_IPV6_PREFIX, 1, 128, "wsgate.rate-limit.ipv6-prefix");
    if (!on) {
      return null;
    }
    return new FailureRateLimiter(
        burst,
        perMinute,
        maxAddresses,
        ipv6Prefix,
        clock,
        cluster.failureCounts(burst, perMinute, maxAddresses).orElse(null));
  }

  /**
   * A builder with the clock, the verify timeout, every tenant, the resolver and the failure
   * limiter set; the caller adds what it owns (revocation checks, thread shares) and builds.
   */
  public HandshakeGate.Builder builder(Clock clock) {
    HandshakeGate.Builder gate = HandshakeGate.builder().clock(clock).verifyTimeout(verifyTimeout);
    tenants.forEach(gate::tenant);
    if (resolver != null) {
      gate.resolver(resolver);
    }
    if (limiter != null) {
      gate.failureLimiter(limiter);
    }
    return gate;
  }

  /** The tenants, in configuration order. */
  public List<TenantPolicy> tenants() {
    return tenants;
  }

  /** The provider ids the tenants use, in configuration order. */
  public Set<String> providerIds() {
    return providerIds;
  }

  /** The request paths that upgrade, for a server that listens on paths of its own. */
  public Set<String> paths() {
    return paths;
  }

  /** Each tenant's own URL when tenants are told apart by host or path; empty otherwise. */
  public List<TenantEndpoint> endpoints() {
    return endpoints;
  }

  /**
   * {@code wsgate.trusted-proxies}: entries {@link TrustedProxies#parse} accepts (empty when the
   * setting is absent or has a problem).
   */
  public List<String> trustedProxies() {
    return trustedProxies;
  }

  /** The verifiers the tenants call, closed by {@link #close()}. */
  public List<TokenVerifier> verifiers() {
    List<TokenVerifier> out = new ArrayList<>();
    tenants.forEach(t -> out.add(t.verifier()));
    return out;
  }

  /** Stops every tenant's verifier; one that fails to stop does not keep the others running. */
  @Override
  public void close() {
    closeAll(verifiers());
  }

  /** Closes each verifier, ignoring what one throws. */
  public static void closeAll(List<TokenVerifier> verifiers) {
    for (TokenVerifier v : verifiers) {
      try {
        v.close();
      } catch (Exception e) {
        // a verifier that fails to stop must not keep the others running
      }
    }
  }
}
