package dev.wsgate.adapter.spring;

import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.spi.RevocationCheck;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Builds the {@link HandshakeGate} from the application's {@code wsgate.*} properties (the wsgate
 * server's keys: origins, extractors, provider settings, tenants) when the application defines no
 * gate bean of its own and sets a {@code wsgate.*} key besides the starter's own. Providers are
 * found with {@link java.util.ServiceLoader} on the application's class path; the application's
 * {@link RevocationCheck} beans are consulted; its {@link Clock} bean, if it has exactly one, is
 * the gate's clock.
 */
@AutoConfiguration(before = WsgateAutoConfiguration.class)
@ConditionalOnMissingBean(HandshakeGate.class)
@Conditional(WsgateGateAutoConfiguration.HasWsgateKeys.class)
public class WsgateGateAutoConfiguration {
  @Bean
  ConfiguredGate wsgateConfiguredGate(
      Environment environment,
      ObjectProvider<Clock> clock,
      ObjectProvider<RevocationCheck> revocationChecks) {
    return ConfiguredGate.read(
        environment,
        WsgateGateAutoConfiguration.class.getClassLoader(),
        System::getenv,
        clock.getIfUnique(Clock::systemUTC),
        revocationChecks.orderedStream().collect(Collectors.toList()));
  }

  @Bean
  HandshakeGate wsgateGate(ConfiguredGate configured) {
    return configured.gate();
  }

  /**
   * A {@code wsgate.*} key other than the starter's own ({@code wsgate.handshake.max-bytes} alone
   * sizes the container without building a gate); a misspelled key counts, so that it is reported.
   */
  static final class HasWsgateKeys extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      Set<String> keys =
          new TreeSet<>(WsgateEnvironment.entries(context.getEnvironment()).keySet());
      keys.removeAll(StarterKeys.OWN);
      return keys.isEmpty()
          ? ConditionOutcome.noMatch("no wsgate.* property but the starter's own")
          : ConditionOutcome.match("wsgate.* properties " + keys);
    }
  }
}
