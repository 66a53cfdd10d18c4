package dev.wsgate.adapter.javawebsocket;

import dev.wsgate.adapter.javawebsocket.internal.upgrade.VerificationPools;
import dev.wsgate.cluster.ConnectionLeases;
import dev.wsgate.gate.CachingTokenVerifier;
import dev.wsgate.gate.FailureRateLimiter;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.OriginPolicy;
import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.TenantResolver;
import dev.wsgate.gate.TokenExtractors;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.RevocationCheck;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.TestTenants;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * An in-process {@link WsgateServer} on a free loopback port, built in code as an embedding
 * application builds it. By default: one tenant {@code default} verified by testkit's {@link
 * FakeTokenVerifier}, {@link #ORIGIN} its only origin, the token in the query ({@code token}), a
 * cookie ({@code wsgate_token}), the subprotocol ({@code bearer.}) or the {@code Authorization}
 * header, the application protocol {@code app.v1}, path {@code /ws}, no failure rate limit, and the
 * {@link ServerConfig} defaults otherwise. Each verifier sits behind the verified-token cache the
 * way the wsgate server puts it there: on for verifiers that may block, off for the others.
 */
final class EmbeddedServer implements AutoCloseable {
  static final String ORIGIN = "https://app.example.com";

  final WsgateServer server;
  final HandshakeGate gate;
  final int port;
  private final List<TokenVerifier> verifiers;

  private EmbeddedServer(WsgateServer server, HandshakeGate gate, List<TokenVerifier> verifiers) {
    this.server = server;
    this.gate = gate;
    this.port = server.getPort();
    this.verifiers = verifiers;
  }

  static EmbeddedServer start() {
    return builder().start();
  }

  static Builder builder() {
    return new Builder();
  }

  /**
   * A tenant {@code id} with {@code verifier}, {@link #ORIGIN} as its only origin and the token in
   * the query's {@code token}; default limits.
   */
  static TenantPolicy queryTenant(String id, TokenVerifier verifier) {
    return new TenantPolicy(
        id,
        OriginPolicy.of(List.of(ORIGIN), false),
        List.of(TokenExtractors.query("token")),
        verifier,
        List.of(),
        TenantPolicy.DEFAULT_MAX_TOKEN_BYTES,
        Duration.ofSeconds(30));
  }

  /**
   * A verifier of the provider {@code id} (found with {@link ServiceLoader}, as the wsgate server
   * finds it) for {@code tenant}, with {@code settings} keyed relative to the provider's prefix
   * ({@code secret}, {@code jwks-uri}), {@code clock} and {@link #ORIGIN} as the allowed origin.
   */
  static TokenVerifier provider(
      String id, String tenant, Clock clock, Map<String, String> settings) {
    return ProviderRegistry.load(EmbeddedServer.class.getClassLoader())
        .get(id)
        .create(
            ProviderSettings.builder("wsgate.tenant." + tenant + ".provider." + id + ".")
                .values(settings)
                .tenant(tenant)
                .clock(clock)
                .allowedOrigins(List.of(ORIGIN))
                .build());
  }

  /**
   * A tenant shaped like the default one: {@link #ORIGIN}, the token in the query, a cookie, the
   * subprotocol or the header, {@code app.v1}.
   */
  static TenantPolicy standardTenant(String id, TokenVerifier verifier, int maxTokenBytes) {
    return TestTenants.standard(id, verifier, maxTokenBytes, ORIGIN);
  }

  URI uri(String pathAndQuery) {
    return URI.create("ws://127.0.0.1:" + port + pathAndQuery);
  }

  @Override
  public void close() {
    server.shutdown(Duration.ofSeconds(2));
    for (TokenVerifier v : verifiers) {
      v.close();
    }
  }

  /** The settings of a server to start; each setter names the setting it stands for. */
  static final class Builder {
    private final ServerConfig defaults = ServerConfig.defaults("127.0.0.1", 0, "/ws");
    private Set<String> paths = defaults.paths();
    private int decoders = defaults.decoders();
    private Duration handshakeTimeout = defaults.handshakeTimeout();
    private int handshakeMaxBytes = defaults.handshakeMaxBytes();
    private int maxFrameBytes = defaults.maxFrameBytes();
    private ExpiryMode onExpiry = defaults.onExpiry();
    private Duration expiryJitter = defaults.expiryJitter();
    private boolean refresh = defaults.refresh();
    private Duration maxLifetime = defaults.maxLifetime();
    private Duration revocationInterval = defaults.revocationInterval();
    private List<String> trustedProxies = defaults.trustedProxies();
    private ConnectionLimits limits = defaults.limits();
    private ConnectionLeases clusterLimits;
    private final List<TenantPolicy> tenants = new ArrayList<>();
    private TokenVerifier verifier = new FakeTokenVerifier();
    private int maxTokenBytes = TenantPolicy.DEFAULT_MAX_TOKEN_BYTES;
    private TenantResolver resolver;
    private final Map<String, String> byPrefix = new LinkedHashMap<>();
    private Integer cacheEntries;
    private Duration verifyTimeout = HandshakeGate.DEFAULT_VERIFY_TIMEOUT;
    private int[] rateLimit;
    private final List<RevocationCheck> checks = new ArrayList<>();
    private ConnectionHandler handler = ConnectionHandler.echo();
    private Clock clock = Clock.systemUTC();
    private ServerMetrics metrics;

    private Builder() {}

    /** The upgrade paths ({@code wsgate.path}); {@code /ws} by default. */
    Builder paths(String... paths) {
      this.paths = Set.of(paths);
      return this;
    }

    /** {@code wsgate.decoders}. */
    Builder decoders(int decoders) {
      this.decoders = decoders;
      return this;
    }

    /** {@code wsgate.handshake.timeout}. */
    Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = timeout;
      return this;
    }

    /** {@code wsgate.handshake.max-bytes}. */
    Builder handshakeMaxBytes(int bytes) {
      this.handshakeMaxBytes = bytes;
      return this;
    }

    /** {@code wsgate.max-frame-bytes}. */
    Builder maxFrameBytes(int bytes) {
      this.maxFrameBytes = bytes;
      return this;
    }

    /** {@code wsgate.session.on-expiry}. */
    Builder onExpiry(ExpiryMode mode) {
      this.onExpiry = mode;
      return this;
    }

    /** {@code wsgate.session.expiry-jitter}. */
    Builder expiryJitter(Duration jitter) {
      this.expiryJitter = jitter;
      return this;
    }

    /** {@code wsgate.session.refresh}. */
    Builder refresh(boolean refresh) {
      this.refresh = refresh;
      return this;
    }

    /** {@code wsgate.session.max-lifetime}. */
    Builder maxLifetime(Duration lifetime) {
      this.maxLifetime = lifetime;
      return this;
    }

    /** {@code wsgate.session.revocation-interval}. */
    Builder revocationInterval(Duration interval) {
      this.revocationInterval = interval;
      return this;
    }

    /** {@code wsgate.trusted-proxies}. */
    Builder trustedProxies(String... proxies) {
      this.trustedProxies = List.of(proxies);
      return this;
    }

    /** {@code wsgate.limits.*}. */
    Builder limits(ConnectionLimits limits) {
      this.limits = limits;
      return this;
    }

    /** The default tenant's verifier; testkit's {@link FakeTokenVerifier} unless set. */
    Builder verifier(TokenVerifier verifier) {
      this.verifier = verifier;
      return this;
    }

    /** The default tenant's {@code wsgate.max-token-bytes}. */
    Builder maxTokenBytes(int bytes) {
      this.maxTokenBytes = bytes;
      return this;
    }

    /** Adds a tenant; once any is added, the default tenant is not there. */
    Builder tenant(TenantPolicy tenant) {
      tenants.add(tenant);
      return this;
    }

    /**
     * Adds a tenant shaped like the default one, served at {@code /<id>/ws} ({@code
     * wsgate.tenant.resolver=path}, {@code wsgate.tenant.<id>.path-prefix=/<id>}).
     */
    Builder byPath(String id, TokenVerifier verifier) {
      tenants.add(standardTenant(id, verifier, TenantPolicy.DEFAULT_MAX_TOKEN_BYTES));
      byPrefix.put("/" + id, id);
      Set<String> all = new LinkedHashSet<>(byPrefix.size() == 1 ? Set.of() : paths);
      all.add("/" + id + "/ws");
      this.paths = all;
      this.resolver = TenantResolver.byPathPrefix(byPrefix);
      return this;
    }

    /**
     * {@code wsgate.cache.max-entries} of every tenant; as the wsgate server sets it unless set.
     */
    Builder cacheEntries(int entries) {
      this.cacheEntries = entries;
      return this;
    }

    /** {@code wsgate.handshake.verify-timeout}. */
    Builder verifyTimeout(Duration timeout) {
      this.verifyTimeout = timeout;
      return this;
    }

    /** {@code wsgate.rate-limit.burst} and {@code .per-minute}; off unless set. */
    Builder rateLimit(int burst, int perMinute) {
      return rateLimit(burst, perMinute, ServerConfig.DEFAULT_RATE_LIMIT_IPV6_PREFIX);
    }

    /** The failure rate limit with its defaults ({@code wsgate.rate-limit.enabled=true}). */
    Builder rateLimit() {
      return rateLimit(
          ServerConfig.DEFAULT_RATE_LIMIT_BURST, ServerConfig.DEFAULT_RATE_LIMIT_PER_MINUTE);
    }

    /** {@code wsgate.rate-limit.burst}, {@code .per-minute} and {@code .ipv6-prefix}. */
    Builder rateLimit(int burst, int perMinute, int ipv6Prefix) {
      this.rateLimit = new int[] {burst, perMinute, ipv6Prefix};
      return this;
    }

    /** A revocation check of the gate. */
    Builder revocationCheck(RevocationCheck check) {
      checks.add(check);
      return this;
    }

    /** The application; the echo handler unless set. */
    Builder handler(ConnectionHandler handler) {
      this.handler = handler;
      return this;
    }

    /** The clock of the gate, the verifiers' contexts and the expiry closes. */
    Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The cluster's connection limits instead of {@link #limits}'s own. */
    Builder clusterLimits(ConnectionLeases leases) {
      this.clusterLimits = leases;
      return this;
    }

    /** Where the server counts; a fresh in-memory registry unless set. */
    Builder metrics(ServerMetrics metrics) {
      this.metrics = metrics;
      return this;
    }

    EmbeddedServer start() {
      List<TenantPolicy> all = new ArrayList<>(tenants);
      if (all.isEmpty()) {
        all.add(standardTenant("default", verifier, maxTokenBytes));
      }
      int blocking = (int) all.stream().filter(t -> t.verifier().mayBlock()).count();
      HandshakeGate.Builder gate =
          HandshakeGate.builder()
              .clock(clock)
              .verifyTimeout(verifyTimeout)
              .tenantThreadShare(VerificationPools.tenantShare(decoders, blocking));
      List<TokenVerifier> verifiers = new ArrayList<>();
      for (TenantPolicy t : all) {
        TokenVerifier cached =
            CachingTokenVerifier.wrap(
                t.verifier(),
                cacheEntries != null
                    ? cacheEntries
                    : t.verifier().mayBlock() ? CachingTokenVerifier.DEFAULT_MAX_ENTRIES : 0,
                CachingTokenVerifier.DEFAULT_MAX_AGE,
                t.clockSkew());
        verifiers.add(cached);
        gate.tenant(
            new TenantPolicy(
                t.id(),
                t.origins(),
                t.extractors(),
                cached,
                t.subprotocols(),
                t.maxTokenBytes(),
                t.clockSkew()));
      }
      if (resolver != null) {
        gate.resolver(resolver);
      }
      checks.forEach(gate::revocationCheck);
      if (rateLimit != null) {
        gate.failureLimiter(
            new FailureRateLimiter(
                rateLimit[0],
                rateLimit[1],
                ServerConfig.DEFAULT_RATE_LIMIT_MAX_ADDRESSES,
                rateLimit[2],
                clock));
      }
      ServerConfig config =
          new ServerConfig(
              defaults.host(),
              defaults.port(),
              defaults.backlog(),
              paths,
              decoders,
              handshakeTimeout,
              handshakeMaxBytes,
              maxFrameBytes,
              onExpiry,
              expiryJitter,
              refresh,
              maxLifetime,
              revocationInterval,
              trustedProxies,
              limits,
              defaults.pingInterval());
      HandshakeGate built = gate.build();
      WsgateServer server =
          new WsgateServer(
              config,
              built,
              handler,
              clock,
              metrics != null ? metrics : new ServerMetrics(new SimpleMeterRegistry()),
              clusterLimits);
      try {
        server.startAndAwait();
      } catch (IOException e) {
        verifiers.forEach(TokenVerifier::close);
        throw new UncheckedIOException(e);
      }
      return new EmbeddedServer(server, built, verifiers);
    }
  }
}
