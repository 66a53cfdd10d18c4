package dev.wsgate.adapter.jetty;

import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.internal.AdapterThreads;
import dev.wsgate.session.SessionLog;
import dev.wsgate.session.SessionPolicy;
import dev.wsgate.session.SessionRegistry;
import dev.wsgate.spi.VerifiedToken;
import jakarta.servlet.DispatcherType;
import jakarta.websocket.Session;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
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
 * <p>Inside the endpoint, {@link #verifiedToken(Session)} returns who connected. Open connections
 * follow a {@link SessionPolicy} through the shared {@link SessionRegistry}: closed with {@code
 * 4002 "token expired"} at their token's expiry, with {@code 4001} when revoked, on demand by
 * subject ({@link WsgateFilter#disconnectSubject}), and refreshed in band ({@link #handledInBand}).
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
   * gate}, with the default {@link SessionPolicy}. Enables Jakarta WebSocket on the context (it is
   * safe to call {@link JakartaWebSocketServletContainerInitializer#configure} for other endpoints
   * as well) and adds a {@link WsgateFilter} for {@code path}. Do not also deploy {@code endpoint}
   * with {@code addEndpoint} or annotation scanning: that mapping would not pass the gate.
   *
   * @param context a context that is not started yet
   * @param gate the gate
   * @param endpoint a public {@code @ServerEndpoint} class without its own configurator, or a
   *     {@code jakarta.websocket.Endpoint} subclass
   * @param path an exact path inside the context, such as {@code /ws}
   * @return the filter, which also disconnects subjects ({@link WsgateFilter#disconnectSubject})
   * @throws IllegalStateException when the context is already started
   * @throws IllegalArgumentException when the endpoint or path cannot be served through the gate
   */
  public static WsgateFilter install(
      ServletContextHandler context, HandshakeGate gate, Class<?> endpoint, String path) {
    return install(context, gate, endpoint, path, SessionPolicy.defaults());
  }

  /**
   * Like {@link #install(ServletContextHandler, HandshakeGate, Class, String)}, with what happens
   * to open connections after the 101, the same on every wsgate adapter: closed with {@code 4002}
   * at their token's expiry (spread over the policy's jitter window, timed with {@link
   * HandshakeGate#clock()}) unless the policy keeps them open, and in any case at the end of its
   * {@link SessionPolicy#maxLifetime}; closed with {@code 4001} when a revocation check of the gate
   * denies them (checked every {@link SessionPolicy#revocationInterval}); a fresh token sent in
   * band when the policy allows refresh (the endpoint hands each text message to {@link
   * #handledInBand} first). One timer thread ({@code wsgate-sessions}) per installation, stopped
   * with the context.
   */
  public static WsgateFilter install(
      ServletContextHandler context,
      HandshakeGate gate,
      Class<?> endpoint,
      String path,
      SessionPolicy sessions) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(sessions, "sessions");
    // where a verifier that may block runs its blocking work: two threads per core, each tenant
    // bounded by the gate's tenantThreadShare; one that completes from its own key fetch holds none
    int threads = 2 * Runtime.getRuntime().availableProcessors();
    ThreadPoolExecutor verifyPool =
        gate.tenants().values().stream().anyMatch(t -> t.verifier().mayBlock())
            ? AdapterThreads.verifyPool(threads, 5 * threads)
            : null;
    Executor verification = verifyPool == null ? Runnable::run : verifyPool;
    SessionRegistry registry =
        new SessionRegistry(
            gate,
            sessions,
            gate.clock(),
            verification,
            new SessionLog(System.getLogger(WsgateJetty.class.getName())));
    WsgateFilter filter = new WsgateFilter(gate, endpoint, path, verification, registry);
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, AdapterThreads.daemon("wsgate-sessions", false));
    timer.setRemoveOnCancelPolicy(true);
    stopWith(context, timer::shutdownNow);
    if (verifyPool != null) {
      stopWith(context, verifyPool::shutdownNow);
    }
    SessionTracker tracker = new SessionTracker(filter, registry);
    JakartaWebSocketServletContainerInitializer.configure(
        context,
        (servletContext, container) -> {
          JakartaWebSocketServerContainer jetty = (JakartaWebSocketServerContainer) container;
          jetty.addSessionListener(tracker);
          stopWith(context, () -> jetty.removeSessionListener(tracker));
          registry.start(timer);
        });
    FilterHolder holder = new FilterHolder(filter);
    holder.setName("wsgate:" + path);
    holder.setAsyncSupported(true);
    context.addFilter(holder, path, EnumSet.of(DispatcherType.REQUEST));
    return filter;
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

  /**
   * Handles a text message the endpoint received when it is an in-band refresh frame ({@code
   * {"type":"wsgate.refresh","token":"…"}}) and the installation's {@link SessionPolicy#refresh} is
   * on: the gate judges the new token, the client gets {@code {"type":"wsgate.refreshed",…}} or the
   * connection is closed with the refusal's code. Returns false for any other message, which is the
   * application's. Jakarta WebSocket has no hook before the endpoint's own message handler, so an
   * endpoint that allows refresh calls this first:
   *
   * <pre>{@code
   * public void onMessage(String text, Session session) {   // the endpoint's OnMessage method
   *   if (WsgateJetty.handledInBand(session, text)) {
   *     return;
   *   }
   *   ...
   * }
   * }</pre>
   */
  public static boolean handledInBand(Session session, String text) {
    return SessionTracker.of(session)
        .map(t -> t.registry().handledInBand(t.live(), text))
        .orElse(false);
  }

  /**
   * The verified identity of an open session (the token of its latest in-band refresh, or that of
   * the upgrade), or empty when the gate did not admit it.
   */
  public static Optional<VerifiedToken> verifiedToken(Session session) {
    Optional<SessionTracker.Tracked> tracked = SessionTracker.of(session);
    if (tracked.isPresent()) {
      return Optional.of(tracked.get().live().token());
    }
    Object token = session.getUserProperties().get(VERIFIED_TOKEN);
    return token instanceof VerifiedToken ? Optional.of((VerifiedToken) token) : Optional.empty();
  }
}
