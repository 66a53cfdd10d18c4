package dev.wsgate.server;

import dev.wsgate.gate.FailureRateLimiter;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.TenantResolver;
import dev.wsgate.internal.SettingValues;
import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.spi.TokenVerifier;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns {@code wsgate.properties} into a {@link Configuration}. Every problem (a bad value, an
 * unknown {@code wsgate.*} key with the nearest known one, a provider id nobody provides, a
 * provider's own setting errors) is collected and reported together in one {@link
 * ConfigurationException}. Providers are chosen through {@link ProviderRegistry} only.
 */
public final class ConfigLoader {
  private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  /** The folder of third-party provider jars. */
  static final String PLUGINS_DIR = "wsgate.plugins.dir";

  private final ProviderRegistry registry;
  private final Function<String, String> env;
  private final Clock clock;

  /**
   * A loader.
   *
   * @param registry where provider ids are looked up
   * @param env where {@code ${env:NAME}} is resolved
   * @param clock the clock given to the gate and the providers
   */
  public ConfigLoader(ProviderRegistry registry, Function<String, String> env, Clock clock) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.env = Objects.requireNonNull(env, "env");
    this.clock = Objects.requireNonNull(clock, "clock");
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
    int decoders = r.integer(ServerConfig.defaultDecoders(), 1, 1024, "wsgate.decoders");
    Duration handshakeTimeout =
        positive(
            r,
            "wsgate.handshake.timeout",
            r.duration(ServerConfig.DEFAULT_HANDSHAKE_TIMEOUT, "wsgate.handshake.timeout"));
    int maxBytes =
        r.integer(
            ServerConfig.DEFAULT_HANDSHAKE_MAX_BYTES, 1024, 1 << 20, "wsgate.handshake.max-bytes");
    Duration verifyTimeout =
        positive(
            r,
            "wsgate.handshake.verify-timeout",
            r.duration(ServerConfig.DEFAULT_VERIFY_TIMEOUT, "wsgate.handshake.verify-timeout"));
    int maxFrame =
        r.integer(ServerConfig.DEFAULT_MAX_FRAME_BYTES, 125, 64 << 20, "wsgate.max-frame-bytes");
    ExpiryMode onExpiry =
        r.parse(ExpiryMode.CLOSE, ConfigLoader::expiryMode, "wsgate.session.on-expiry");
    Duration jitter =
        r.duration(ServerConfig.DEFAULT_EXPIRY_JITTER, "wsgate.session.expiry-jitter");

    boolean limitOn = r.bool(true, "wsgate.rate-limit.enabled");
    int burst =
        r.integer(ServerConfig.DEFAULT_RATE_LIMIT_BURST, 1, 1_000_000, "wsgate.rate-limit.burst");
    int perMinute =
        r.integer(
            ServerConfig.DEFAULT_RATE_LIMIT_PER_MINUTE,
            1,
            1_000_000,
            "wsgate.rate-limit.per-minute");
    int maxAddresses =
        r.integer(
            ServerConfig.DEFAULT_RATE_LIMIT_MAX_ADDRESSES,
            1,
            10_000_000,
            "wsgate.rate-limit.max-addresses");

    // consumed by Main before this loader exists (it decides which providers there are)
    r.optional(PLUGINS_DIR);
    List<String> tenantIds = r.list(List.of(), "wsgate.tenants");
    Optional<String> resolverName = r.optional("wsgate.tenant.resolver");
    List<TokenVerifier> verifiers = new ArrayList<>();
    List<TenantPolicy> tenants = new ArrayList<>();
    Set<String> providerIds = new LinkedHashSet<>();
    Set<String> paths = new LinkedHashSet<>();
    TenantResolver resolver = null;
    TenantFactory factory = new TenantFactory(r, registry, clock);
    if (tenantIds.isEmpty()) {
      resolverName.ifPresent(
          n -> r.problem("wsgate.tenant.resolver is set but wsgate.tenants is not"));
      factory.build("default", List.of("wsgate.")).ifPresent(tenants::add);
      paths.add(path);
    } else {
      Map<String, String> byHost = new LinkedHashMap<>();
      Map<String, String> byPrefix = new LinkedHashMap<>();
      Map<String, String> byIssuer = new LinkedHashMap<>();
      String mode = resolverName.orElse(tenantIds.size() == 1 ? "single" : "");
      for (String id : tenantIds) {
        if (!TENANT_ID.matcher(id).matches()) {
          r.problem("wsgate.tenants entry '" + id + "' must match " + TENANT_ID.pattern());
          continue;
        }
        String own = "wsgate.tenant." + id + ".";
        factory.build(id, List.of(own, "wsgate.")).ifPresent(tenants::add);
        readRouting(r, id, mode, byHost, byPrefix, byIssuer, path, paths);
      }
      switch (mode) {
        case "single":
          paths.add(path);
          break;
        case "host":
          resolver = TenantResolver.byHost(byHost);
          paths.add(path);
          break;
        case "path":
          resolver = TenantResolver.byPathPrefix(byPrefix);
          break;
        case "issuer":
          // the tenant is not known yet: the token is looked for where wsgate.extractors says
          resolver = TenantResolver.byIssuer(byIssuer, factory.extractors(List.of("wsgate.")));
          paths.add(path);
          break;
        case "":
          r.problem(
              "wsgate.tenant.resolver is required with several tenants: host, path or issuer");
          break;
        default:
          r.problem("wsgate.tenant.resolver must be host, path or issuer, got '" + mode + "'");
      }
    }
    tenants.forEach(t -> verifiers.add(t.verifier()));
    providerIds.addAll(factory.providerIds());
    reportUnknownKeys(r, properties);
    if (!r.problems().isEmpty()) {
      Configuration.closeAll(verifiers);
      throw new ConfigurationException(List.copyOf(new LinkedHashSet<>(r.problems())));
    }
    HandshakeGate.Builder gate = HandshakeGate.builder().clock(clock);
    tenants.forEach(gate::tenant);
    if (resolver != null) {
      gate.resolver(resolver);
    }
    if (limitOn) {
      gate.failureLimiter(new FailureRateLimiter(burst, perMinute, maxAddresses, clock));
    }
    ServerConfig server =
        new ServerConfig(
            host,
            port,
            backlog,
            paths,
            decoders,
            handshakeTimeout,
            maxBytes,
            verifyTimeout,
            maxFrame,
            onExpiry,
            jitter);
    return new Configuration(
        server, gate.build(), String.join(",", providerIds), tenants.size(), verifiers);
  }

  private static void readRouting(
      ConfigReader r,
      String id,
      String mode,
      Map<String, String> byHost,
      Map<String, String> byPrefix,
      Map<String, String> byIssuer,
      String path,
      Set<String> paths) {
    String hostsKey = "wsgate.tenant." + id + ".hosts";
    String prefixKey = "wsgate.tenant." + id + ".path-prefix";
    if (mode.equals("issuer")) {
      readIssuer(r, id, byIssuer);
      return;
    }
    List<String> hosts = r.list(List.of(), hostsKey);
    Optional<String> prefix = r.optional(prefixKey);
    if (mode.equals("host")) {
      if (hosts.isEmpty()) {
        r.problem(hostsKey + " is required with wsgate.tenant.resolver=host");
      }
      for (String h : hosts) {
        String previous = byHost.putIfAbsent(h.toLowerCase(Locale.ROOT), id);
        if (previous != null) {
          r.problem(hostsKey + " repeats host " + h + " already served by tenant " + previous);
        }
      }
    } else if (mode.equals("path")) {
      String p = prefix.orElse("");
      if (!p.matches("/[A-Za-z0-9._~-]+")) {
        r.problem(prefixKey + " must be one path segment such as /" + id + ", got '" + p + "'");
      } else if (byPrefix.putIfAbsent(p, id) != null) {
        r.problem(prefixKey + " repeats " + p);
      } else {
        paths.add(p + path);
      }
    }
  }

  private static void readIssuer(ConfigReader r, String id, Map<String, String> byIssuer) {
    String own = "wsgate.tenant." + id + ".";
    String issuerKey = own + "issuer";
    Optional<String> issuer = r.optional(issuerKey);
    if (issuer.isEmpty()) {
      r.problem(
          issuerKey
              + " is required with wsgate.tenant.resolver=issuer: the token iss that selects"
              + " this tenant, such as https://login.example.com/");
    } else {
      String previous = byIssuer.putIfAbsent(issuer.get(), id);
      if (previous != null) {
        r.problem(
            issuerKey
                + " repeats issuer "
                + issuer.get()
                + " already served by tenant "
                + previous);
      }
    }
    for (String key : r.values().keySet()) {
      if (key.startsWith(own + "extractor")) {
        r.problem(
            key
                + " cannot be set per tenant with wsgate.tenant.resolver=issuer: the token is"
                + " found before the tenant is known; set wsgate.extractors instead");
      }
    }
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

  private static void reportUnknownKeys(ConfigReader r, Map<String, String> properties) {
    Set<String> known = r.known();
    for (String key : new TreeSet<>(properties.keySet())) {
      if (!key.startsWith("wsgate.") || known.contains(key)) {
        continue;
      }
      String message = "unknown key " + key;
      Optional<String> nearest = SettingValues.nearest(key, known);
      if (nearest.isPresent()) {
        message += "; did you mean " + nearest.get() + "?";
      } else if (key.contains(".provider.")) {
        message += " (settings of a provider that no tenant selects)";
      }
      r.problem(message);
    }
  }
}
