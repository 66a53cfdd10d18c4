package dev.wsgate.adapter.spring;

import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.spi.RevocationCheck;
import java.time.Clock;
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
 * gate bean of its own and sets any {@code wsgate.*} key. Providers are found with {@link
 * java.util.ServiceLoader} on the application's class path; the application's {@link
 * RevocationCheck} beans are consulted; its {@link Clock} bean, if it has exactly one, is the
 * gate's clock.
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

  /** Any {@code wsgate.*} key in the environment. */
  static final class HasWsgateKeys extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      return WsgateEnvironment.entries(context.getEnvironment()).isEmpty()
          ? ConditionOutcome.noMatch("no wsgate.* property")
          : ConditionOutcome.match("wsgate.* properties");
    }
  }
}
