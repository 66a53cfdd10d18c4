package dev.wsgate.adapter.spring;

import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.TrustedProxies;
import dev.wsgate.session.SessionPolicy;
import dev.wsgate.spi.ConfigurationException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.security.messaging.context.AuthenticationPrincipalArgumentResolver;
import org.springframework.security.messaging.context.SecurityContextChannelInterceptor;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * Puts the {@link HandshakeGate} bean (the application's own, or the one {@link
 * WsgateGateAutoConfiguration} builds from {@code wsgate.*} properties) in front of every WebSocket
 * endpoint the application registers, on Spring WebSocket (servlet) and on WebFlux; runs the open
 * sessions on the shared {@link dev.wsgate.session.SessionRegistry} (expiry, in-band refresh,
 * revocation, disconnect by subject); reports to Micrometer and Actuator health when they are
 * present.
 */
@AutoConfiguration
@ConditionalOnBean(HandshakeGate.class)
@EnableConfigurationProperties(WsgateSpringProperties.class)
public class WsgateAutoConfiguration {
  /** The most verifications by verifiers that may block running at once; more get 503. */
  static final int VERIFICATION_THREADS = 64;

  @Bean
  HandshakeGuardBean wsgateHandshakeGuard(
      HandshakeGate gate,
      ObjectProvider<GateEvents> events,
      ObjectProvider<ConfiguredGate> configured,
      Environment environment) {
    ConfiguredGate c = configured.getIfAvailable();
    // a gate built from properties had every key checked; the application's own gate bean reads
    // none of the gate's keys, and a key set for it would silently do nothing
    TrustedProxies proxies =
        c != null && c.gate() == gate
            ? c.proxies()
            : StarterKeys.checkWithOwnGate(environment, System::getenv);
    return new HandshakeGuardBean(
        new HandshakeGuard(
            gate, verificationPool(), events.getIfAvailable(() -> GateEvents.NONE), proxies));
  }

  /**
   * The sessions on the application's {@link Clock} bean when it has exactly one (the clock a gate
   * built from properties judges tokens with), else on the gate's own clock.
   */
  @Bean
  WsgateSessions wsgateSessions(
      HandshakeGuardBean guard, WsgateSpringProperties properties, ObjectProvider<Clock> clock) {
    HandshakeGate gate = guard.guard().gate();
    return new WsgateSessions(
        guard.guard(), sessionPolicy(properties.getSession()), clock.getIfUnique(gate::clock));
  }

  /**
   * The session policy of the {@code wsgate.session.*} keys.
   *
   * @throws ConfigurationException naming each duration that must be positive and is not
   */
  static SessionPolicy sessionPolicy(WsgateSpringProperties.Session s) {
    List<String> problems = new ArrayList<>();
    if (s.getExpiryJitter().isNegative()) {
      problems.add("wsgate.session.expiry-jitter must not be negative");
    }
    if (s.getMaxLifetime().isNegative() || s.getMaxLifetime().isZero()) {
      problems.add("wsgate.session.max-lifetime must be positive");
    }
    if (s.getRevocationInterval().isNegative() || s.getRevocationInterval().isZero()) {
      problems.add("wsgate.session.revocation-interval must be positive");
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return new SessionPolicy(
        s.getOnExpiry() == WsgateSpringProperties.OnExpiry.CLOSE,
        s.getExpiryJitter(),
        s.getMaxLifetime(),
        s.isRefresh(),
        s.getRevocationInterval());
  }

  /** Daemon threads {@code wsgate-verify-N}, created on demand and idle-stopped after a minute. */
  private static ExecutorService verificationPool() {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(
        0,
        VERIFICATION_THREADS,
        60,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        task -> {
          Thread t = new Thread(task, "wsgate-verify-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  static GatedPaths paths(Environment environment) {
    return new GatedPaths(
        Binder.get(environment)
            .bind("wsgate.spring.paths", Bindable.listOf(String.class))
            .orElse(List.of()));
  }

  static <T> Supplier<T> lazily(ObjectProvider<T> provider) {
    return new Supplier<>() {
      private volatile T value;

      @Override
      public T get() {
        T v = value;
        if (v == null) {
          v = provider.getObject();
          value = v;
        }
        return v;
      }
    };
  }

  /** Spring WebSocket on the servlet stack (Tomcat, Jetty). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(
      name = {
        "org.springframework.web.socket.server.support.WebSocketHttpRequestHandler",
        "org.springframework.web.servlet.handler.SimpleUrlHandlerMapping"
      })
  static class Servlet {
    @Bean
    static ServletEndpointDecorator wsgateServletEndpoints(
        Environment environment,
        ObjectProvider<HandshakeGuardBean> guard,
        ObjectProvider<WsgateSessions> sessions) {
      Supplier<HandshakeGuardBean> g = lazily(guard);
      return new ServletEndpointDecorator(
          paths(environment), () -> g.get().guard(), lazily(sessions));
    }

    @Bean
    ServerEndpointCheck wsgateServerEndpointCheck(
        ApplicationContext context, Environment environment) {
      return new ServerEndpointCheck(context, paths(environment));
    }
  }

  /**
   * With Spring Security's messaging module present, STOMP messages are handled with the session's
   * {@link GateAuthentication} as the SecurityContext's authentication and methods resolve
   * {@code @AuthenticationPrincipal} from it, whether or not the application enables Spring
   * Security's WebSocket support.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(
      name = {
        "org.springframework.security.messaging.context"
            + ".AuthenticationPrincipalArgumentResolver",
        "org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer"
      })
  static class StompAuthentication {
    @Bean
    WebSocketMessageBrokerConfigurer wsgateAuthenticationPrincipal() {
      return new WebSocketMessageBrokerConfigurer() {
        @Override
        public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
          resolvers.add(new AuthenticationPrincipalArgumentResolver());
        }

        // the resolver reads the SecurityContext: each message is handled with the session's
        // GateAuthentication in it (method security on @MessageMapping methods sees it too)
        @Override
        public void configureClientInboundChannel(ChannelRegistration registration) {
          registration.interceptors(new SecurityContextChannelInterceptor());
        }
      };
    }
  }

  /** Spring WebFlux (Reactor Netty). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  @ConditionalOnClass(
      name = "org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter")
  static class Reactive {
    @Bean
    static ReactiveEndpointDecorator wsgateReactiveEndpoints(
        Environment environment,
        ObjectProvider<HandshakeGuardBean> guard,
        ObjectProvider<WsgateSessions> sessions) {
      Supplier<HandshakeGuardBean> g = lazily(guard);
      return new ReactiveEndpointDecorator(
          paths(environment), () -> g.get().guard(), lazily(sessions));
    }
  }

  /** The server's meters on the application's registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
  static class Metrics {
    @Bean
    GateEvents wsgateMeters(
        ObjectProvider<MeterRegistry> registry,
        HandshakeGate gate,
        ObjectProvider<ConfiguredGate> configured) {
      MeterRegistry r = registry.getIfAvailable();
      ConfiguredGate c = configured.getIfAvailable();
      Map<String, String> providers = c != null && c.gate() == gate ? c.providerIds() : Map.of();
      return r == null ? GateEvents.NONE : new MicrometerGateEvents(r, gate, providers);
    }
  }

  /** Actuator's health from the providers' readiness. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class Health {
    @Bean
    HealthIndicator wsgateHealthIndicator(HandshakeGate gate) {
      return new WsgateHealthIndicator(gate);
    }
  }
}
