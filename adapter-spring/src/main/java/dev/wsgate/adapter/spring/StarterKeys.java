package dev.wsgate.adapter.spring;

import dev.wsgate.config.ConfigReader;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.TokenExtractor;
import dev.wsgate.gate.TrustedProxies;
import dev.wsgate.spi.ConfigurationException;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The {@code wsgate.*} keys the starter reads besides the gate's ({@link WsgateSpringProperties}
 * binds them), and {@code wsgate.trusted-proxies}, whose client address must not be taken twice.
 */
final class StarterKeys {
  /** The keys {@link WsgateSpringProperties} binds: add a key there and here. */
  static final List<String> OWN =
      List.of(
          "wsgate.spring.paths",
          "wsgate.session.on-expiry",
          "wsgate.session.expiry-jitter",
          "wsgate.session.refresh",
          "wsgate.session.max-lifetime",
          "wsgate.session.revocation-interval",
          "wsgate.handshake.max-bytes");

  static final String TRUSTED_PROXIES = "wsgate.trusted-proxies";
  static final String FORWARD_HEADERS = "server.forward-headers-strategy";

  /** Extractors that need more than the upgrade request, which the starter does not serve. */
  private static final Set<String> UNSERVED = Set.of("message", "ticket");

  private StarterKeys() {}

  /**
   * Checks the {@code wsgate.*} keys of an application whose gate is its own {@code HandshakeGate}
   * bean: the starter's keys and {@code wsgate.trusted-proxies} are read, any other key is refused
   * (the gate's keys would silently do nothing).
   *
   * @throws ConfigurationException listing every problem
   */
  static TrustedProxies checkWithOwnGate(Environment environment, Function<String, String> env) {
    ConfigReader r = new ConfigReader(WsgateEnvironment.entries(environment), env);
    markKnown(r);
    TrustedProxies proxies = TrustedProxies.parse(List.of());
    List<String> entries = r.list(List.of(), TRUSTED_PROXIES);
    try {
      proxies = proxies(r, entries, environment);
    } catch (IllegalArgumentException e) {
      r.problem(TRUSTED_PROXIES + " " + e.getMessage());
    }
    r.rejectUnknownKeys(
        "(the application's own HandshakeGate bean is the gate: configure the gate there, or"
            + " remove the bean and let the starter build it from wsgate.* properties)");
    if (!r.problems().isEmpty()) {
      throw new ConfigurationException(r.problems());
    }
    return proxies;
  }

  /** Marks the starter's own keys as known. */
  static void markKnown(ConfigReader r) {
    OWN.forEach(r::markKnown);
  }

  /**
   * The proxies whose {@code X-Forwarded-For} is believed; a problem when Spring's forwarded-header
   * handling is on too (it would have replaced the peer address those entries are checked against).
   */
  static TrustedProxies proxies(ConfigReader r, List<String> entries, Environment environment) {
    String strategy =
        Binder.get(environment).bind(FORWARD_HEADERS, String.class).orElse("none").trim();
    if (!entries.isEmpty() && !strategy.equalsIgnoreCase("none")) {
      r.problem(
          TRUSTED_PROXIES
              + " is set and so is "
              + FORWARD_HEADERS
              + "="
              + strategy
              + ": the client address would be taken from forwarded headers twice; keep one"
              + " (wsgate.trusted-proxies believes only the listed proxies)");
    }
    return TrustedProxies.parse(entries);
  }

  /** A problem for each extractor the starter cannot serve. */
  static void unserved(ConfigReader r, Iterable<TenantPolicy> tenants) {
    for (TenantPolicy t : tenants) {
      t.extractors().stream()
          .map(TokenExtractor::name)
          .filter(UNSERVED::contains)
          .distinct()
          .forEach(
              name ->
                  r.problem(
                      "tenant "
                          + t.id()
                          + ": "
                          + (name.equals("ticket") ? "tickets" : "first-message authentication")
                          + " are not served by the Spring Boot starter; use query, cookie,"
                          + " subprotocol or header (wsgate.extractors"
                          + (name.equals("ticket") ? ", wsgate.tickets.enabled" : "")
                          + ")"));
    }
  }
}
