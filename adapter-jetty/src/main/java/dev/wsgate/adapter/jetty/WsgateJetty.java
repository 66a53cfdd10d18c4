package dev.wsgate.adapter.jetty;

import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.spi.VerifiedToken;
import jakarta.servlet.DispatcherType;
import jakarta.websocket.Session;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.JakartaWebSocketServerContainer;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Puts a Jakarta WebSocket endpoint behind a {@link HandshakeGate} on Jetty 12 (ee10).
 *
 * <pre>{@code
 * ServletContextHandler context = new ServletContextHandler("/");
 * WsgateJetty.install(context, gate, ChatEndpoint.class, "/ws");
 * server.setHandler(context);
 * server.start();
 * }</pre>
 *
 * <p>Inside the endpoint, {@link #verifiedToken(Session)} returns who connected. A connection whose
 * token expires is closed with {@code 4002 "token expired"} unless an {@link ExpiryPolicy} says
 * otherwise.
 */
public final class WsgateJetty {
  /** User property holding the connection's {@link VerifiedToken}. */
  public static final String VERIFIED_TOKEN = "dev.wsgate.verifiedToken";

  /** User property holding the tenant id (a {@code String}). */
  public static final String TENANT = "dev.wsgate.tenant";

  /** User property holding the token fingerprint (a {@code String}, safe to log). */
  public static final String TOKEN_FINGERPRINT = "dev.wsgate.tokenFingerprint";

  /** Servlet request attribute holding the gate's {@code Decision.Accepted} for an upgrade. */
  public static final String DECISION_ATTRIBUTE = "dev.wsgate.decision";

  private WsgateJetty() {}

  /**
   * Serves {@code endpoint} at {@code path} of {@code context}, every upgrade guarded by {@code
   * gate}. Enables Jakarta WebSocket on the context (it is safe to call {@link
   * JakartaWebSocketServletContainerInitializer#configure} for other endpoints as well) and adds a
   * {@link WsgateFilter} for {@code path}. Do not also deploy {@code endpoint} with {@code
   * addEndpoint} or annotation scanning: that mapping would not pass the gate.
   *
   * @param context a context that is not started yet
   * @param gate the gate
   * @param endpoint a public {@code @ServerEndpoint} class without its own configurator, or a
   *     {@code jakarta.websocket.Endpoint} subclass
   * @param path an exact path inside the context, such as {@code /ws}
   * @return the filter, for diagnostics
   * @throws IllegalStateException when the context is already started
   * @throws IllegalArgumentException when the endpoint or path cannot be served through the gate
   */
  public static WsgateFilter install(
      ServletContextHandler context, HandshakeGate gate, Class<?> endpoint, String path) {
    return install(context, gate, endpoint, path, ExpiryPolicy.closeOnExpiry());
  }

  /**
   * Like {@link #install(ServletContextHandler, HandshakeGate, Class, String)}, with the given
   * treatment of connections whose token expires (timed with {@link HandshakeGate#clock()}).
   */
  public static WsgateFilter install(
      ServletContextHandler context,
      HandshakeGate gate,
      Class<?> endpoint,
      String path,
      ExpiryPolicy expiry) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(expiry, "expiry");
    ThreadPoolExecutor verifyPool =
        gate.tenants().values().stream().anyMatch(t -> t.verifier().mayBlock())
            ? newVerifyPool()
            : null;
    WsgateFilter filter =
        new WsgateFilter(gate, endpoint, path, verifyPool == null ? Runnable::run : verifyPool);
    if (verifyPool != null) {
      stopWith(context, verifyPool::shutdownNow);
    }
    JakartaWebSocketServletContainerInitializer.configure(
        context,
        (servletContext, container) -> {
          if (expiry.closes()) {
            watchExpiry(context, (JakartaWebSocketServerContainer) container, filter, gate, expiry);
          }
        });
    FilterHolder holder = new FilterHolder(filter);
    holder.setName("wsgate:" + path);
    holder.setAsyncSupported(true);
    context.addFilter(holder, path, EnumSet.of(DispatcherType.REQUEST));
    return filter;
  }

  /**
   * Where a verifier that may block runs its blocking work: two threads per core, each tenant
   * bounded by the gate's {@code tenantThreadShare}; a verifier that completes from its own key
   * fetch holds none of them while it waits. Stopped with the context.
   */
  private static ThreadPoolExecutor newVerifyPool() {
    int threads = 2 * Runtime.getRuntime().availableProcessors();
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(5 * threads),
            task -> {
              Thread t = new Thread(task, "wsgate-verify-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Runs {@code stop} once when {@code context} stops. */
  private static void stopWith(ServletContextHandler context, Runnable stop) {
    context.addEventListener(
        new LifeCycle.Listener() {
          @Override
          public void lifeCycleStopped(LifeCycle event) {
            stop.run();
            context.removeEventListener(this);
          }
        });
  }

  /** Runs while the context runs: one daemon scheduler thread, stopped with the context. */
  private static void watchExpiry(
      ServletContextHandler context,
      JakartaWebSocketServerContainer container,
      WsgateFilter owner,
      HandshakeGate gate,
      ExpiryPolicy expiry) {
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread t = new Thread(task, "wsgate-expiry");
              t.setDaemon(true);
              return t;
            });
    scheduler.setRemoveOnCancelPolicy(true);
    ExpiryCloser closer =
        new ExpiryCloser(
            owner,
            scheduler,
            gate.clock(),
            expiry.jitter(),
            () -> ThreadLocalRandom.current().nextDouble());
    container.addSessionListener(closer);
    context.addEventListener(
        new LifeCycle.Listener() {
          @Override
          public void lifeCycleStopped(LifeCycle event) {
            scheduler.shutdownNow();
            container.removeSessionListener(closer);
            context.removeEventListener(this);
          }
        });
  }

  /** The verified identity of an open session, or empty when the gate did not admit it. */
  public static Optional<VerifiedToken> verifiedToken(Session session) {
    Object token = session.getUserProperties().get(VERIFIED_TOKEN);
    return token instanceof VerifiedToken ? Optional.of((VerifiedToken) token) : Optional.empty();
  }
}
