package dev.wsgate.config;

import dev.wsgate.gate.CachingTokenVerifier;
import dev.wsgate.gate.OriginPolicy;
import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.TicketStore;
import dev.wsgate.gate.Tickets;
import dev.wsgate.gate.TokenExtractor;
import dev.wsgate.gate.TokenExtractors;
import dev.wsgate.internal.SettingValues;
import dev.wsgate.internal.SettingsKeys;
import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.TokenVerifierProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Builds one tenant's {@link TenantPolicy} from its keys. A tenant's key {@code
 * wsgate.tenant.<id>.<name>} wins over the server-wide {@code wsgate.<name>}; provider settings
 * come from {@code wsgate.tenant.<id>.provider.<pid>.*} when the tenant sets any, else from {@code
 * wsgate.provider.<pid>.*}.
 */
public final class TenantFactory {
  private static final System.Logger LOG = System.getLogger(TenantFactory.class.getName());
  private static final List<String> DEFAULT_EXTRACTORS = List.of("query", "cookie", "subprotocol");

  private final ConfigReader r;
  private final ProviderRegistry registry;
  private final Clock clock;
  private final VerifierHooks hooks;
  private final Set<String> providerIds = new LinkedHashSet<>();
  // one bounded store for every tenant's tickets: a ticket names its tenant
  private final TicketStore ticketStore;

  TenantFactory(
      ConfigReader r,
      ProviderRegistry registry,
      Clock clock,
      VerifierHooks hooks,
      TicketStore ticketStore) {
    this.r = r;
    this.ticketStore = ticketStore;
    this.registry = registry;
    this.clock = clock;
    this.hooks = hooks;
  }

  Set<String> providerIds() {
    return providerIds;
  }

  /** The tenant, or empty when a problem was recorded. */
  Optional<TenantPolicy> build(String id, List<String> prefixes) {
    int before = r.problems().size();
    String[] originsKeys = keys(prefixes, "origins");
    List<String> origins = r.list(List.of(), originsKeys);
    boolean allowMissing = r.bool(false, keys(prefixes, "origins.allow-missing"));
    OriginPolicy policy = null;
    if (origins.isEmpty()) {
      r.problem(
          originsKeys[0]
              + " is required: list the page origins allowed to open a WebSocket, such as"
              + " https://app.example.com");
    } else {
      try {
        policy = OriginPolicy.of(origins, allowMissing);
      } catch (IllegalArgumentException e) {
        r.problem(r.keyOf(originsKeys) + " " + e.getMessage());
      }
    }
    List<TokenExtractor> extractors = extractors(prefixes);
    List<String> subprotocols = r.list(List.of(), keys(prefixes, "subprotocols"));
    int maxTokenBytes =
        r.integer(
            TenantPolicy.DEFAULT_MAX_TOKEN_BYTES, 16, 1 << 20, keys(prefixes, "max-token-bytes"));
    Duration skew = r.duration(Duration.ofSeconds(30), keys(prefixes, "clock-skew"));
    // providers see the entries as browsers send them (Clerk's azp defaults to the exact ones)
    TokenVerifier verifier =
        verifier(id, prefixes, skew, policy == null ? origins : policy.patterns());
    // on by default where a verification is expensive or may wait (RSA, ECDSA, a key fetch); off
    // for verifiers that never block (an HS256 verification costs less than hashing, storing and
    // keeping a cache entry; BENCHMARKS.md)
    int cacheEntries =
        r.integer(
            verifier == null || verifier.mayBlock() ? CachingTokenVerifier.DEFAULT_MAX_ENTRIES : 0,
            0,
            10_000_000,
            keys(prefixes, "cache.max-entries"));
    String[] maxAgeKeys = keys(prefixes, "cache.max-age");
    boolean maxAgeSet = r.optional(maxAgeKeys).isPresent();
    Duration cacheMaxAge = r.duration(CachingTokenVerifier.DEFAULT_MAX_AGE, maxAgeKeys);
    if (cacheMaxAge.isZero() || cacheMaxAge.isNegative()) {
      r.problem(
          r.keyOf(maxAgeKeys) + " must be longer than 0 (disable the cache with max-entries=0)");
    }
    Optional<Duration> providerMaxAge = verifier == null ? Optional.empty() : maxAge(verifier);
    if (providerMaxAge.isPresent()) {
      // the provider's own bound (introspection's cache-max-age) replaces the server's default;
      // with both set, the stricter one
      cacheMaxAge =
          maxAgeSet && cacheMaxAge.compareTo(providerMaxAge.get()) < 0
              ? cacheMaxAge
              : providerMaxAge.get();
    }
    if (verifier != null && r.problems().size() == before) {
      verifier = CachingTokenVerifier.wrap(verifier, cacheEntries, cacheMaxAge, skew);
    }
    if (r.problems().size() > before || policy == null || verifier == null) {
      if (verifier != null) {
        verifier.close();
      }
      return Optional.empty();
    }
    return Optional.of(
        new TenantPolicy(id, policy, extractors, verifier, subprotocols, maxTokenBytes, skew));
  }

  /** The verifier's own cache bound, if it names a positive one. */
  private static Optional<Duration> maxAge(TokenVerifier verifier) {
    Optional<Duration> age = verifier.cacheMaxAge();
    return age == null ? Optional.empty() : age.filter(d -> !d.isNegative() && !d.isZero());
  }

  List<TokenExtractor> extractors(List<String> prefixes) {
    String[] namesKeys = keys(prefixes, "extractors");
    List<String> names = r.list(DEFAULT_EXTRACTORS, namesKeys);
    String param = r.string("token", keys(prefixes, "extractor.query.param"));
    String cookie = r.string("wsgate_token", keys(prefixes, "extractor.cookie.name"));
    String prefix = r.string("bearer.", keys(prefixes, "extractor.subprotocol.prefix"));
    String[] timeoutKeys = keys(prefixes, "auth.message-timeout");
    Duration messageTimeout = r.duration(TokenExtractors.DEFAULT_MESSAGE_TIMEOUT, timeoutKeys);
    List<TokenExtractor> out = new ArrayList<>();
    tickets(prefixes).ifPresent(out::add);
    for (String name : names) {
      String setting = name.equals("query") ? param : name.equals("cookie") ? cookie : prefix;
      try {
        out.add(
            name.equals("message")
                ? TokenExtractors.message(messageTimeout)
                : TokenExtractors.named(name, setting));
      } catch (IllegalArgumentException e) {
        r.problem(r.keyOf(name.equals("message") ? timeoutKeys : namesKeys) + " " + e.getMessage());
      }
    }
    if (names.isEmpty()) {
      r.problem(
          namesKeys[0] + " must name at least one of query, cookie, subprotocol, header, message");
    }
    return out;
  }

  /**
   * The ticket extractor of a tenant with {@code tickets.enabled}: its tickets live in the server's
   * one {@link #ticketStore}, for {@code tickets.ttl}.
   */
  private Optional<TokenExtractor> tickets(List<String> prefixes) {
    boolean enabled = r.bool(false, keys(prefixes, "tickets.enabled"));
    String[] ttlKeys = keys(prefixes, "tickets.ttl");
    Duration ttl = r.duration(Tickets.DEFAULT_TTL, ttlKeys);
    String param = r.string("ticket", keys(prefixes, "extractor.ticket.param"));
    if (!enabled) {
      return Optional.empty();
    }
    try {
      return Optional.of(TokenExtractors.ticket(param, new Tickets(ticketStore, ttl, clock)));
    } catch (IllegalArgumentException e) {
      r.problem(r.keyOf(ttlKeys) + " " + e.getMessage());
      return Optional.empty();
    }
  }

  private @Nullable TokenVerifier verifier(
      String tenant, List<String> prefixes, Duration skew, List<String> origins) {
    String[] providerKeys = keys(prefixes, "provider");
    Optional<String> id = r.optional(providerKeys);
    if (id.isEmpty()) {
      r.problem(providerKeys[0] + " is required; available providers: " + registry.ids());
      return null;
    }
    TokenVerifierProvider provider;
    try {
      provider = registry.get(id.get());
    } catch (ConfigurationException e) {
      r.problem(r.keyOf(providerKeys) + ": " + e.getMessage());
      return null;
    }
    providerIds.add(id.get());
    String prefix = providerPrefix(prefixes, id.get());
    ProviderSettings settings =
        ProviderSettings.builder(prefix)
            .values(relative(prefix))
            .env(r.env())
            .tenant(tenant)
            .clock(clock)
            .clockSkew(skew)
            .allowedOrigins(origins)
            .events(hooks.events(tenant, id.get()))
            .build();
    TokenVerifier verifier = null;
    try {
      verifier = hooks.create(provider, settings);
      if (verifier == null) {
        r.problem(
            "provider '"
                + id.get()
                + "' from "
                + ProviderRegistry.location(provider)
                + " returned no verifier for tenant "
                + tenant);
      }
    } catch (ConfigurationException e) {
      r.problems().addAll(e.problems());
    } catch (Throwable e) {
      // whatever create() throws, Errors such as ServiceConfigurationError included, is reported
      // with the rest; a plugin's message may quote a setting, so it is only shown at debug level
      String what =
          "provider '"
              + id.get()
              + "' from "
              + ProviderRegistry.location(provider)
              + " failed to start for tenant "
              + tenant;
      r.problem(what + " (" + StartupFailure.describe(e) + ")");
      LOG.log(System.Logger.Level.DEBUG, what, e);
    }
    markProviderKeys(settings, verifier != null);
    if (verifier == null) {
      return null;
    }
    return hooks.started(tenant, id.get(), verifier);
  }

  /**
   * Keys the provider read are known. When it failed early it may not have read every key, so a key
   * it did not read counts as unknown only if it looks like a typo of one it did read.
   */
  private void markProviderKeys(ProviderSettings settings, boolean created) {
    Set<String> read = SettingsKeys.read(settings);
    read.forEach(k -> r.markKnown(settings.key(k)));
    if (!created) {
      for (String k : SettingsKeys.present(settings)) {
        if (!read.contains(k) && SettingValues.nearest(k, read).isEmpty()) {
          r.markKnown(settings.key(k));
        }
      }
    }
  }

  private String providerPrefix(List<String> prefixes, String id) {
    return providerPrefix(r.values(), prefixes, id);
  }

  /**
   * Where provider {@code id}'s settings are read for a tenant with these key prefixes: the first
   * prefix under which any of them is set, else the last (server-wide) one.
   */
  public static String providerPrefix(
      Map<String, String> values, List<String> prefixes, String id) {
    for (String p : prefixes) {
      String candidate = p + "provider." + id + ".";
      if (values.keySet().stream().anyMatch(k -> k.startsWith(candidate))) {
        return candidate;
      }
    }
    return prefixes.get(prefixes.size() - 1) + "provider." + id + ".";
  }

  /**
   * The key prefixes of a tenant, most specific first: server-wide only when {@code wsgate.tenants}
   * declares no tenants (the implicit tenant {@code default}).
   */
  public static List<String> prefixes(String tenant, boolean declared) {
    return declared ? List.of("wsgate.tenant." + tenant + ".", "wsgate.") : List.of("wsgate.");
  }

  private Map<String, String> relative(String prefix) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    r.values()
        .forEach(
            (k, v) -> {
              if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
              }
            });
    return out;
  }

  private static String[] keys(List<String> prefixes, String name) {
    String[] out = new String[prefixes.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = prefixes.get(i) + name;
    }
    return out;
  }
}
