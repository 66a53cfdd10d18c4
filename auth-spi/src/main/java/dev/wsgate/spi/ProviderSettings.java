package dev.wsgate.spi;

import dev.wsgate.internal.SettingValues;
import dev.wsgate.internal.SettingsKeys;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
import java.util.function.Supplier;

/**
 * The configuration of one provider instance: the keys under its prefix (such as {@code
 * wsgate.provider.hmac.} or {@code wsgate.tenant.acme.provider.jwks.}), read with typed accessors,
 * plus the tenant-wide values every provider honours (clock, clock skew, origin allowlist).
 *
 * <p>Keys are passed relative to the prefix ({@code secret}); every error names the full key
 * ({@code wsgate.provider.hmac.secret}) and what was expected, never a secret's value. Values may
 * contain {@code ${env:NAME}} and {@code ${file:PATH}}, resolved when read. A blank value counts as
 * not set. Every key read is recorded, so that the server can report keys nobody reads as unknown.
 *
 * <p>Every type has a required form (a missing key is a problem) and an optional one (a fallback or
 * an {@link Optional}):
 *
 * <table>
 *   <caption>typed reads</caption>
 *   <tr><th>type</th><th>required</th><th>optional</th></tr>
 *   <tr><td>text</td><td>{@link #required}</td><td>{@link #optional}, {@link #string}</td></tr>
 *   <tr><td>integer</td><td>{@link #requiredInteger}</td><td>{@link #integer}</td></tr>
 *   <tr><td>boolean</td><td>{@link #requiredBool}</td><td>{@link #bool}</td></tr>
 *   <tr><td>duration</td><td>{@link #requiredDuration}</td><td>{@link #duration}</td></tr>
 *   <tr><td>list</td><td>{@link #requiredList}</td><td>{@link #list}</td></tr>
 *   <tr><td>http(s) URL</td><td>{@link #requiredUrl}</td><td>{@link #url}</td></tr>
 *   <tr><td>secret</td><td>{@link #secret}</td><td>{@link #optionalSecret}</td></tr>
 * </table>
 *
 * <p>Each read throws a {@link ConfigurationException} for its key; {@link Problems} gathers the
 * problems of many reads so that a user sees every bad key at once.
 *
 * <p>Used during {@link TokenVerifierProvider#create} only; not thread-safe.
 */
public final class ProviderSettings {
  private final String prefix;
  private final Map<String, String> values;
  private final Function<String, String> env;
  private final String tenant;
  private final Clock clock;
  private final Duration clockSkew;
  private final List<String> allowedOrigins;
  private final ProviderEvents events;
  private final Set<String> keysRead = new LinkedHashSet<>();

  static {
    // the keys set and read are the server's business, not a provider's: kept off this API
    SettingsKeys.install(
        new SettingsKeys.Access() {
          @Override
          public Set<String> present(ProviderSettings settings) {
            return settings.keysPresent();
          }

          @Override
          public Set<String> read(ProviderSettings settings) {
            return Collections.unmodifiableSet(settings.keysRead);
          }
        });
  }

  private ProviderSettings(Builder b) {
    this.prefix = b.prefix;
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(b.values));
    this.env = b.env;
    this.tenant = b.tenant;
    this.clock = b.clock;
    this.clockSkew = b.clockSkew;
    this.allowedOrigins = List.copyOf(b.allowedOrigins);
    this.events = b.events;
  }

  /**
   * Starts settings for keys under {@code prefix}.
   *
   * @param prefix the full prefix ending with a dot, such as {@code wsgate.provider.hmac.}
   */
  public static Builder builder(String prefix) {
    return new Builder(prefix);
  }

  /** The full prefix, ending with a dot. */
  public String prefix() {
    return prefix;
  }

  /**
   * The full property key of a relative key: {@code secret} → {@code wsgate.provider.hmac.secret}.
   */
  public String key(String name) {
    return prefix + name;
  }

  /** The tenant this provider instance serves. */
  public String tenant() {
    return tenant;
  }

  /** The server's clock, for background work such as key refresh scheduling. */
  public Clock clock() {
    return clock;
  }

  /** The tolerance for {@code exp}, {@code nbf} and {@code iat} ({@code wsgate.clock-skew}). */
  public Duration clockSkew() {
    return clockSkew;
  }

  /** The tenant's {@code wsgate.origins} patterns as configured. */
  public List<String> allowedOrigins() {
    return allowedOrigins;
  }

  /**
   * Where to report key fetches for metrics; {@link ProviderEvents#NONE} unless a server listens.
   */
  public ProviderEvents events() {
    return events;
  }

  /** The value of {@code name}, resolved and trimmed; empty when not set or blank. */
  public Optional<String> optional(String name) {
    keysRead.add(name);
    String raw = values.get(name);
    if (raw == null) {
      return Optional.empty();
    }
    try {
      return SettingValues.nonBlank(SettingValues.resolve(raw, env));
    } catch (IllegalArgumentException e) {
      throw problem(name, e.getMessage());
    }
  }

  /** The value of a required key. */
  public String required(String name) {
    return optional(name).orElseThrow(() -> problem(name, "is required but not set"));
  }

  /** The value of {@code name}, or {@code fallback} when not set. */
  public String string(String name, String fallback) {
    return optional(name).orElse(fallback);
  }

  /** An integer within {@code [min, max]}, or {@code fallback} when not set. */
  public int integer(String name, int fallback, int min, int max) {
    return parse(name, v -> SettingValues.integer(v, min, max)).orElse(fallback);
  }

  /** A required integer within {@code [min, max]}. */
  public int requiredInteger(String name, int min, int max) {
    return parse(name, v -> SettingValues.integer(v, min, max)).orElseThrow(() -> notSet(name));
  }

  /** {@code true} or {@code false}, or {@code fallback} when not set. */
  public boolean bool(String name, boolean fallback) {
    return parse(name, SettingValues::bool).orElse(fallback);
  }

  /** A required {@code true} or {@code false}. */
  public boolean requiredBool(String name) {
    return parse(name, SettingValues::bool).orElseThrow(() -> notSet(name));
  }

  /** A duration written {@code 500ms}, {@code 30s}, {@code 5m} or {@code 1h}. */
  public Duration duration(String name, Duration fallback) {
    return parse(name, SettingValues::duration).orElse(fallback);
  }

  /** A required duration written {@code 500ms}, {@code 30s}, {@code 5m} or {@code 1h}. */
  public Duration requiredDuration(String name) {
    return parse(name, SettingValues::duration).orElseThrow(() -> notSet(name));
  }

  /** A comma-separated list, entries trimmed; {@code fallback} when not set. */
  public List<String> list(String name, List<String> fallback) {
    return parse(name, SettingValues::list).orElse(fallback);
  }

  /** A required comma-separated list with at least one entry, entries trimmed. */
  public List<String> requiredList(String name) {
    List<String> list = parse(name, SettingValues::list).orElseThrow(() -> notSet(name));
    if (list.isEmpty()) {
      throw problem(name, "is required but lists nothing");
    }
    return list;
  }

  /**
   * An absolute {@code http} or {@code https} URL without user info (credentials belong in a {@link
   * #secret}); empty when not set.
   */
  public Optional<URI> url(String name) {
    return parse(name, ProviderSettings::httpUrl);
  }

  /** A required absolute {@code http} or {@code https} URL without user info. */
  public URI requiredUrl(String name) {
    return url(name).orElseThrow(() -> notSet(name));
  }

  /** A required secret. Errors never show its value. */
  public Secret secret(String name) {
    return optionalSecret(name).orElseThrow(() -> notSet(name));
  }

  /** An optional secret. Errors never show its value. */
  public Optional<Secret> optionalSecret(String name) {
    return optional(name).map(Secret::of);
  }

  /**
   * A {@link ConfigurationException} naming the full key of {@code name}; for provider-specific
   * checks such as a secret that is too short.
   */
  public ConfigurationException problem(String name, String whatIsWrong) {
    return new ConfigurationException(key(name) + " " + whatIsWrong);
  }

  private ConfigurationException notSet(String name) {
    return problem(name, "is required but not set");
  }

  /**
   * The problems of a provider's whole configuration, gathered while it goes on reading, so that
   * {@link TokenVerifierProvider#create} reports every bad key at once instead of the first. Each
   * {@link #read} returns the value it read, or its fallback after recording the read's problems;
   * {@link #throwIfAny()} ends the reading:
   *
   * <pre>{@code
   * ProviderSettings.Problems problems = new ProviderSettings.Problems();
   * URI url = problems.read(() -> s.requiredUrl("url"), null);
   * Duration timeout = problems.read(() -> s.duration("read-timeout", TIMEOUT), TIMEOUT);
   * if (timeout.isZero()) {
   *   problems.add(s.key("read-timeout") + " must be longer than 0");
   * }
   * problems.throwIfAny();
   * return new MySettings(url, timeout);
   * }</pre>
   *
   * <p>Not thread-safe.
   */
  public static final class Problems {
    private final List<String> problems = new ArrayList<>();

    /** No problems yet. */
    public Problems() {}

    /**
     * The value {@code read} returns, or {@code fallback} after recording the problems of the
     * {@link ConfigurationException} it threw.
     */
    public <T> T read(Supplier<T> read, T fallback) {
      try {
        return read.get();
      } catch (ConfigurationException e) {
        problems.addAll(e.problems());
        return fallback;
      }
    }

    /** Runs a check or a read whose value is not needed, recording its problems. */
    public void check(Runnable check) {
      read(
          () -> {
            check.run();
            return null;
          },
          null);
    }

    /** Records one problem; it names the full key ({@link ProviderSettings#key}). */
    public void add(String problem) {
      problems.add(Objects.requireNonNull(problem, "problem"));
    }

    /** Whether nothing was recorded. */
    public boolean isEmpty() {
      return problems.isEmpty();
    }

    /** The problems recorded so far, in order. */
    public List<String> list() {
      return List.copyOf(problems);
    }

    /**
     * Ends the reading.
     *
     * @throws ConfigurationException listing, in order, every problem recorded, if there is any
     */
    public void throwIfAny() {
      if (!problems.isEmpty()) {
        throw new ConfigurationException(problems);
      }
    }
  }

  private Set<String> keysPresent() {
    return new TreeSet<>(values.keySet());
  }

  /** Lists the keys, never the values. */
  @Override
  public String toString() {
    return "ProviderSettings[" + prefix + " keys=" + keysPresent() + "]";
  }

  private <T> Optional<T> parse(String name, Function<String, T> parser) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parser.apply(raw.get()));
    } catch (IllegalArgumentException e) {
      throw problem(name, e.getMessage());
    }
  }

  private static URI httpUrl(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      uri = null;
    }
    String scheme =
        uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https"))
        || uri.getHost() == null
        || uri.getRawUserInfo() != null) {
      // user info may hold a password: echo the value only when it cannot have any
      throw new IllegalArgumentException(
          "expected an absolute http(s) URL without user info"
              + (value.indexOf('@') < 0 ? ", got '" + value + "'" : ""));
    }
    return uri;
  }

  /** Builds {@link ProviderSettings}; used by servers and tests. Not thread-safe. */
  public static final class Builder {
    private final String prefix;
    private Map<String, String> values = Map.of();
    private Function<String, String> env = System::getenv;
    private String tenant = "default";
    private Clock clock = Clock.systemUTC();
    private Duration clockSkew = Duration.ofSeconds(30);
    private List<String> allowedOrigins = List.of();
    private ProviderEvents events = ProviderEvents.NONE;

    private Builder(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      if (!prefix.endsWith(".")) {
        throw new IllegalArgumentException("prefix must end with a dot: " + prefix);
      }
      this.prefix = prefix;
    }

    /** The values under the prefix, keyed relative to it ({@code secret}, not the full key). */
    public Builder values(Map<String, String> values) {
      this.values = Map.copyOf(values);
      return this;
    }

    /** Where {@code ${env:NAME}} is looked up; {@link System#getenv(String)} by default. */
    public Builder env(Function<String, String> env) {
      this.env = Objects.requireNonNull(env, "env");
      return this;
    }

    /** The tenant id; {@code default} unless set. */
    public Builder tenant(String tenant) {
      this.tenant = Objects.requireNonNull(tenant, "tenant");
      return this;
    }

    /** The clock; the system UTC clock unless set. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The clock skew; 30 s unless set. */
    public Builder clockSkew(Duration clockSkew) {
      if (clockSkew.isNegative()) {
        throw new IllegalArgumentException("clock skew must not be negative");
      }
      this.clockSkew = clockSkew;
      return this;
    }

    /** The tenant's origin patterns. */
    public Builder allowedOrigins(List<String> allowedOrigins) {
      this.allowedOrigins = List.copyOf(allowedOrigins);
      return this;
    }

    /** Where the provider reports key fetches; {@link ProviderEvents#NONE} by default. */
    public Builder events(ProviderEvents events) {
      this.events = Objects.requireNonNull(events, "events");
      return this;
    }

    /** The settings. */
    public ProviderSettings build() {
      return new ProviderSettings(this);
    }
  }
}
