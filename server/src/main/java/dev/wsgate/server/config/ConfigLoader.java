package dev.wsgate.server.config;

import dev.wsgate.adapter.javawebsocket.ConnectionLimits;
import dev.wsgate.adapter.javawebsocket.ExpiryMode;
import dev.wsgate.adapter.javawebsocket.ServerConfig;
import dev.wsgate.adapter.javawebsocket.ServerMetrics;
import dev.wsgate.adapter.javawebsocket.internal.upgrade.VerificationPools;
import dev.wsgate.cluster.ClusterState;
import dev.wsgate.cluster.ConnectionLeases;
import dev.wsgate.config.ConfigReader;
import dev.wsgate.config.GateConfig;
import dev.wsgate.gate.DenyList;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.server.Main;
import dev.wsgate.server.admin.AdminConfig;
import dev.wsgate.server.admin.Prometheus;
import dev.wsgate.server.logging.ServerLogging;
import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.spi.RevocationCheck;
import dev.wsgate.spi.Secret;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns {@code wsgate.properties} into a {@link Configuration}. Every problem (a bad value, an
 * unknown {@code wsgate.*} key with the nearest known one, a provider id nobody provides, a
 * provider's own setting errors) is collected and reported together in one {@link
 * ConfigurationException}. Providers are chosen through {@link ProviderRegistry} only.
 */
public final class ConfigLoader {
  /** The folder of third-party provider jars. */
  public static final String PLUGINS_DIR = "wsgate.plugins.dir";

  private final ProviderRegistry registry;
  private final Function<String, String> env;
  private final Clock clock;
  private final List<RevocationCheck> revocationChecks;

  /**
   * A loader without revocation checks.
   *
   * @param registry where provider ids are looked up
   * @param env where {@code ${env:NAME}} is resolved
   * @param clock the clock given to the gate and the providers
   */
  public ConfigLoader(ProviderRegistry registry, Function<String, String> env, Clock clock) {
    this(registry, env, clock, List.of());
  }

  /**
   * A loader whose gates consult {@code revocationChecks} (found with {@link
   * java.util.ServiceLoader} by {@link Main}, or handed in by an embedding application, such as a
   * {@link dev.wsgate.gate.DenyList}).
   */
  public ConfigLoader(
      ProviderRegistry registry,
      Function<String, String> env,
      Clock clock,
      List<RevocationCheck> revocationChecks) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.env = Objects.requireNonNull(env, "env");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.revocationChecks = List.copyOf(revocationChecks);
  }

  /** Loads a properties file. */
  public Configuration load(Path file) {
    return load(PropertiesFile.read(file));
  }

  /**
   * Loads configuration from properties.
   *
   * @throws ConfigurationException listing every problem, each naming its key
   */
  public Configuration load(Map<String, String> properties) {
    ConfigReader r = new ConfigReader(properties, env);
    String host = r.string(ServerConfig.DEFAULT_HOST, "wsgate.listen.host");
    int port = r.integer(ServerConfig.DEFAULT_PORT, 0, 65535, "wsgate.listen.port");
    int backlog = r.integer(ServerConfig.DEFAULT_BACKLOG, 1, 65535, "wsgate.listen.backlog");
    String path = r.string(ServerConfig.DEFAULT_PATH, "wsgate.path");
    if (!path.startsWith("/") || path.contains("?") || path.contains("#")) {
      r.problem("wsgate.path must be a path starting with '/', such as /ws, got '" + path + "'");
    }
    TransportKind transport =
        r.parse(TransportKind.JAVA_WEBSOCKET, TransportKind::parse, TransportKind.KEY);
    // Netty's event loops never block: one per processor; Java-WebSocket's decoders may wait
    int decoders =
        r.integer(
            transport == TransportKind.NETTY
                ? Runtime.getRuntime().availableProcessors()
                : ServerConfig.defaultDecoders(),
            1,
            1024,
            "wsgate.decoders");
    Duration handshakeTimeout =
        positive(
            r,
            "wsgate.handshake.timeout",
            r.duration(ServerConfig.DEFAULT_HANDSHAKE_TIMEOUT, "wsgate.handshake.timeout"));
    int maxBytes =
        r.integer(
            ServerConfig.DEFAULT_HANDSHAKE_MAX_BYTES, 1024, 1 << 20, "wsgate.handshake.max-bytes");
    int maxFrame =
        r.integer(ServerConfig.DEFAULT_MAX_FRAME_BYTES, 125, 64 << 20, "wsgate.max-frame-bytes");
    ExpiryMode onExpiry =
        r.parse(ExpiryMode.CLOSE, ConfigLoader::expiryMode, "wsgate.session.on-expiry");
    Duration jitter =
        r.duration(ServerConfig.DEFAULT_EXPIRY_JITTER, "wsgate.session.expiry-jitter");
    boolean refresh = r.bool(false, "wsgate.session.refresh");
    Duration ping = r.duration(ServerConfig.DEFAULT_PING_INTERVAL, "wsgate.session.ping-interval");
    if (ping.toSeconds() < 1) {
      r.problem("wsgate.session.ping-interval must be at least 1s");
    }
    Duration maxLifetime =
        positive(
            r,
            "wsgate.session.max-lifetime",
            r.duration(ServerConfig.DEFAULT_MAX_LIFETIME, "wsgate.session.max-lifetime"));
    Duration revocationInterval =
        positive(
            r,
            "wsgate.session.revocation-interval",
            r.duration(
                ServerConfig.DEFAULT_REVOCATION_INTERVAL, "wsgate.session.revocation-interval"));

    // consumed by Main before this loader exists (it decides which providers there are)
    r.optional(PLUGINS_DIR);
    ConnectionLimits limits = limits(r);
    AdminConfig admin = admin(r);
    r.parse("info", ServerLogging::parse, ServerLogging.KEY);

    ServerMetrics metrics = Prometheus.metrics();
    // the admin port's disconnect endpoint fills it; empty, it costs two map reads per handshake
    DenyList denyList = new DenyList();
    ClusterState cluster = ClusterKeys.read(r, denyList, clock);
    // the adapter counts per instance unless the cluster holds the limits; none set, none to hold
    ConnectionLeases leases =
        limits.maxConnections() > 0 || limits.maxConnectionsPerSubject() > 0
            ? cluster
                .connectionLeases(limits.maxConnections(), limits.maxConnectionsPerSubject())
                .orElse(null)
            : null;
    GateConfig gateConfig =
        GateConfig.read(
            r,
            registry,
            clock,
            new ServerVerifierHooks(new TenantMeters(metrics.registry())),
            path,
            cluster);
    r.rejectUnknownKeys();
    if (!r.problems().isEmpty()) {
      gateConfig.close();
      cluster.close();
      throw new ConfigurationException(r.problems());
    }
    int blocking = (int) gateConfig.tenants().stream().filter(t -> t.verifier().mayBlock()).count();
    HandshakeGate.Builder gate =
        gateConfig
            .builder(clock)
            .tenantThreadShare(VerificationPools.tenantShare(decoders, blocking));
    revocationChecks.forEach(gate::revocationCheck);
    gate.revocationCheck(denyList);
    ServerConfig server =
        new ServerConfig(
            host,
            port,
            backlog,
            gateConfig.paths(),
            decoders,
            handshakeTimeout,
            maxBytes,
            maxFrame,
            onExpiry,
            jitter,
            refresh,
            maxLifetime,
            revocationInterval,
            gateConfig.trustedProxies(),
            limits,
            ping);
    return new Configuration(
        server,
        gate.build(),
        String.join(",", gateConfig.providerIds()),
        gateConfig.tenants().size(),
        gateConfig.endpoints(),
        gateConfig.verifiers(),
        admin,
        metrics,
        denyList,
        cluster,
        transport,
        leases);
  }

  private static AdminConfig admin(ConfigReader r) {
    String host = r.string(AdminConfig.DEFAULT_HOST, "wsgate.admin.host");
    Optional<String> port = r.optional("wsgate.admin.port");
    int p = r.integer(AdminConfig.DISABLED, 0, 65535, "wsgate.admin.port");
    Optional<String> token = r.optional("wsgate.admin.token");
    Duration denyFor =
        positive(
            r,
            "wsgate.admin.deny-for",
            r.duration(AdminConfig.DEFAULT_DENY_FOR, "wsgate.admin.deny-for"));
    if (token.isPresent() && token.get().length() < 16) {
      r.problem("wsgate.admin.token must be at least 16 characters (it guards disconnects)");
    }
    if (token.isPresent() && port.isEmpty()) {
      r.problem("wsgate.admin.token is set but wsgate.admin.port is not");
    }
    return new AdminConfig(
        host,
        port.isEmpty() ? AdminConfig.DISABLED : p,
        token.map(Secret::of).orElse(null),
        denyFor);
  }

  private static ConnectionLimits limits(ConfigReader r) {
    int total =
        r.integer(
            ConnectionLimits.DEFAULT_MAX_CONNECTIONS,
            0,
            10_000_000,
            "wsgate.limits.max-connections");
    int perSubject =
        r.integer(
            ConnectionLimits.DEFAULT_MAX_CONNECTIONS_PER_SUBJECT,
            0,
            10_000_000,
            "wsgate.limits.max-connections-per-subject");
    int pending =
        r.integer(
            ConnectionLimits.DEFAULT_MAX_PENDING_AUTHENTICATIONS,
            1,
            10_000_000,
            "wsgate.auth.max-pending");
    int pendingPerAddress =
        r.integer(
            ConnectionLimits.DEFAULT_MAX_PENDING_AUTHENTICATIONS_PER_ADDRESS,
            1,
            10_000_000,
            "wsgate.auth.max-pending-per-address");
    return new ConnectionLimits(total, perSubject, pending, pendingPerAddress);
  }

  private static Duration positive(ConfigReader r, String key, Duration d) {
    if (d.isZero() || d.isNegative()) {
      r.problem(key + " must be longer than 0");
    }
    return d;
  }

  private static ExpiryMode expiryMode(String v) {
    switch (v.toLowerCase(Locale.ROOT)) {
      case "close":
        return ExpiryMode.CLOSE;
      case "keep":
        return ExpiryMode.KEEP;
      default:
        throw new IllegalArgumentException("expected close or keep, got '" + v + "'");
    }
  }
}
