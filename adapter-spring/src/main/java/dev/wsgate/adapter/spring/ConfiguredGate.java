package dev.wsgate.adapter.spring;

import dev.wsgate.config.ConfigReader;
import dev.wsgate.config.GateConfig;
import dev.wsgate.config.VerifierHooks;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.gate.TrustedProxies;
import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.spi.RevocationCheck;
import dev.wsgate.spi.TokenVerifier;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.core.env.Environment;

/**
 * The gate built from the application's {@code wsgate.*} properties by the wsgate server's own
 * configuration code ({@link GateConfig}): the same keys, defaults and messages. Owns the tenants'
 * verifiers: closing the context stops them.
 */
final class ConfiguredGate implements AutoCloseable {
  private final GateConfig config;
  private final HandshakeGate gate;
  private final TrustedProxies proxies;
  private final Map<String, String> providerIds;

  private ConfiguredGate(
      GateConfig config,
      HandshakeGate gate,
      TrustedProxies proxies,
      Map<String, String> providerIds) {
    this.config = config;
    this.gate = gate;
    this.proxies = proxies;
    this.providerIds = Map.copyOf(providerIds);
  }

  /**
   * Reads the gate's keys and the starter's; every problem (an unknown key with the nearest known
   * one, a bad value, a provider's own setting errors) is reported together.
   *
   * @throws ConfigurationException listing every problem, each naming its key
   */
  static ConfiguredGate read(
      Environment environment,
      ClassLoader loader,
      Function<String, String> env,
      Clock clock,
      List<RevocationCheck> revocationChecks) {
    Map<String, String> entries = WsgateEnvironment.entries(environment);
    ConfigReader r = new ConfigReader(entries, env);
    // wsgate.path does not exist here (ServerOnlyKeys refuses it): tenants told apart by path
    // prefix are served wherever the application registered its endpoints
    Map<String, String> providerIds = new LinkedHashMap<>();
    VerifierHooks hooks =
        new VerifierHooks() {
          @Override
          public TokenVerifier started(String tenant, String provider, TokenVerifier verifier) {
            providerIds.put(tenant, provider);
            return verifier;
          }
        };
    GateConfig config = GateConfig.read(r, ProviderRegistry.load(loader), clock, hooks, "/");
    StarterKeys.markKnown(r);
    StarterKeys.unserved(r, config.tenants());
    TrustedProxies proxies = StarterKeys.proxies(r, config.trustedProxies(), environment);
    r.rejectUnknownKeys();
    if (!r.problems().isEmpty()) {
      config.close();
      throw new ConfigurationException(r.problems());
    }
    HandshakeGate.Builder gate = config.builder(clock);
    revocationChecks.forEach(gate::revocationCheck);
    return new ConfiguredGate(config, gate.build(), proxies, providerIds);
  }

  HandshakeGate gate() {
    return gate;
  }

  TrustedProxies proxies() {
    return proxies;
  }

  /** Each tenant's configured provider id, for meters. */
  Map<String, String> providerIds() {
    return providerIds;
  }

  @Override
  public void close() {
    config.close();
  }
}
