package dev.wsgate.adapter.jetty;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.Evaluation;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.HandshakeRequest;
import dev.wsgate.gate.PendingVerification;
import dev.wsgate.internal.servlet.GatedServletRequest;
import dev.wsgate.internal.servlet.ServletHandshakeRequests;
import dev.wsgate.internal.servlet.ServletRefusals;
import dev.wsgate.session.SessionRegistry;
import dev.wsgate.spi.Failure;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * A servlet filter that guards one Jakarta WebSocket endpoint with a {@link HandshakeGate}.
 *
 * <p>For every WebSocket upgrade request it runs the gate ({@link HandshakeGate#begin}). When the
 * answer waits on a verifier that may block ({@link PendingVerification}), the request goes
 * asynchronous ({@code startAsync}): no container thread is held while, say, a key fetch is under
 * way, and the answer is written on a container thread when the decision arrives. A rejection is
 * answered with the gate's {@link dev.wsgate.gate.Refusal}: the failure's HTTP status ({@code 401}
 * with {@code WWW-Authenticate: Bearer error="invalid_token"}, {@code 403}, {@code 400}, {@code
 * 426}, {@code 431}, {@code 429} with {@code Retry-After}, {@code 503}, {@code 500}), {@code
 * Connection: close} and a short plain-text reason, the same bytes the other adapters write; the
 * upgrade never happens. An acceptance is stored in the request attribute {@link
 * WsgateJetty#DECISION_ATTRIBUTE} and the filter upgrades the request itself with {@link
 * ServerContainer#upgradeHttpToWebSocket}, so the endpoint needs no {@code addEndpoint} mapping
 * through which a request could bypass the gate. The endpoint then finds the {@link
 * dev.wsgate.spi.VerifiedToken} in its user properties ({@link WsgateJetty#verifiedToken}), and
 * {@code Session.getUserPrincipal()} names the token's subject. Requests that are not upgrades
 * continue down the chain untouched.
 *
 * <p>Uses only the Servlet 6 and Jakarta WebSocket 2.1 APIs; {@link WsgateJetty#install} registers
 * it on Jetty 12. Thread-safe; one instance serves every request.
 */
public final class WsgateFilter implements Filter {
  private static final System.Logger LOG = System.getLogger(WsgateFilter.class.getName());

  private final HandshakeGate gate;
  private final Class<?> endpoint;
  private final String path;
  private final Executor verification;
  private final @Nullable SessionRegistry sessions;
  private volatile ServerContainer container;

  /**
   * @param gate the gate every upgrade passes
   * @param endpoint a public {@code @ServerEndpoint} class (without its own configurator) or a
   *     subclass of {@code jakarta.websocket.Endpoint}
   * @param path the path the filter is mapped to, such as {@code /ws}
   * @throws IllegalArgumentException when the endpoint cannot be served through the gate
   */
  public WsgateFilter(HandshakeGate gate, Class<?> endpoint, String path) {
    this(gate, endpoint, path, Runnable::run);
  }

  /**
   * Like {@link #WsgateFilter(HandshakeGate, Class, String)}, with the executor where a verifier
   * that may block runs its blocking work ({@link PendingVerification#verify}).
   *
   * @param verification where blocking verification work runs; {@code Runnable::run} runs it on the
   *     request thread
   */
  public WsgateFilter(HandshakeGate gate, Class<?> endpoint, String path, Executor verification) {
    this(gate, endpoint, path, verification, null);
  }

  /** With the registry of the sessions it admits, as {@link WsgateJetty#install} makes it. */
  WsgateFilter(
      HandshakeGate gate,
      Class<?> endpoint,
      String path,
      Executor verification,
      @Nullable SessionRegistry sessions) {
    this.verification = Objects.requireNonNull(verification, "verification");
    this.sessions = sessions;
    this.gate = Objects.requireNonNull(gate, "gate");
    this.endpoint = Endpoints.check(endpoint);
    this.path = Endpoints.checkPath(path);
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    container = lookUp(config.getServletContext().getAttribute(ServerContainer.class.getName()));
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest)
        || !(res instanceof HttpServletResponse)
        || !ServletHandshakeRequests.isUpgradeAttempt((HttpServletRequest) req)) {
      chain.doFilter(req, res);
      return;
    }
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    Optional<Decision.Rejected> problem = ServletHandshakeRequests.handshakeProblem(request);
    if (problem.isPresent()) {
      refuse(response, problem.get());
      return;
    }
    HandshakeRequest handshake = ServletHandshakeRequests.from(request);
    Evaluation evaluation = gate.begin(handshake);
    if (evaluation instanceof Decision) {
      conclude(request, response, handshake, (Decision) evaluation);
      return;
    }
    CompletableFuture<Decision> decision =
        ((PendingVerification) evaluation).verify(verification).toCompletableFuture();
    if (decision.isDone() || !request.isAsyncSupported()) {
      // a filter registered by hand without async support waits on the request thread
      conclude(request, response, handshake, decision.join());
      return;
    }
    // The request thread goes back to the pool while the verifier waits (for a key fetch, say);
    // the decision is written on a container thread once it arrives. The gate's verify timeout
    // bounds the wait, so the container's own async timeout is off.
    AsyncContext async = request.startAsync(request, response);
    async.setTimeout(0);
    decision.thenAccept(d -> resume(async, request, response, handshake, d));
  }

  /** Concludes a decision that arrived after the request thread left, on a container thread. */
  private void resume(
      AsyncContext async,
      HttpServletRequest request,
      HttpServletResponse response,
      HandshakeRequest handshake,
      Decision decision) {
    Runnable task =
        () -> {
          try {
            conclude(request, response, handshake, decision);
          } catch (IOException | ServletException | RuntimeException e) {
            // the client left while it waited, or the upgrade failed: nothing more to answer
            LOG.log(Level.DEBUG, () -> "late upgrade failed: " + e.getClass().getName());
          } finally {
            async.complete();
          }
        };
    try {
      async.start(task);
    } catch (RuntimeException e) {
      // the container is stopping and closes the connection itself
      LOG.log(Level.DEBUG, () -> "late upgrade not resumed: " + e.getClass().getName());
    }
  }

  /** Writes the refusal, or upgrades the request to the endpoint. */
  private void conclude(
      HttpServletRequest request,
      HttpServletResponse response,
      HandshakeRequest handshake,
      Decision decision)
      throws IOException, ServletException {
    if (decision instanceof Decision.AwaitingAuthentication) {
      // first-message authentication is the Java-WebSocket server's; here a token is required
      decision =
          new Decision.Rejected(
              Failure.MISSING_TOKEN, "no token in the request", decision.tenant(), "");
    }
    if (decision instanceof Decision.Rejected) {
      Decision.Rejected rejected = (Decision.Rejected) decision;
      LOG.log(
          Level.DEBUG,
          () ->
              "handshake rejected: "
                  + rejected.failure().metricLabel()
                  + " tenant="
                  + rejected.tenant()
                  + " token="
                  + rejected.tokenFingerprint()
                  + " remote="
                  + handshake.remoteAddress());
      refuse(response, rejected);
      return;
    }
    Decision.Accepted accepted = (Decision.Accepted) decision;
    request.setAttribute(WsgateJetty.DECISION_ATTRIBUTE, accepted);
    String origin = handshake.headers().first("Origin").orElse(null);
    upgrade(request, response, accepted, origin, accepted.origin().orElse(null));
  }

  private void upgrade(
      HttpServletRequest request,
      HttpServletResponse response,
      Decision.Accepted accepted,
      @Nullable String origin,
      @Nullable String normalizedOrigin)
      throws IOException, ServletException {
    ServerEndpointConfig config =
        ServerEndpointConfig.Builder.create(endpoint, path)
            .configurator(new GateConfigurator(accepted, origin, this, normalizedOrigin))
            .subprotocols(accepted.subprotocol().map(List::of).orElse(List.of()))
            .build();
    ServerContainer target = container;
    if (target == null) { // init() not called yet by an unusual container: look it up now
      target = lookUp(request.getServletContext().getAttribute(ServerContainer.class.getName()));
      container = target;
    }
    try {
      target.upgradeHttpToWebSocket(
          new GatedServletRequest(
              request, new GatePrincipal(accepted.token()), accepted.subprotocol()),
          response,
          config,
          Map.of());
    } catch (DeploymentException e) {
      throw new ServletException("cannot serve " + endpoint.getName() + " on " + path, e);
    } catch (IllegalStateException e) {
      // Jetty 12.1 throws this when its handshaker finds no valid opening handshake; answer it
      // like the pre-check does, never as a 500 page.
      if (response.isCommitted()) {
        throw e;
      }
    }
    if (!response.isCommitted()) {
      // No upgrade happened: the gate passed the request, but nothing may continue to the chain.
      refuse(
          response,
          Decision.Rejected.transport(Failure.NOT_AN_UPGRADE, "not a valid WebSocket handshake"));
    }
    LOG.log(
        Level.DEBUG,
        () ->
            "handshake passed the gate: tenant="
                + accepted.tenant()
                + " token="
                + accepted.tokenFingerprint()
                + " status="
                + response.getStatus());
  }

  private static ServerContainer lookUp(Object attribute) throws ServletException {
    if (attribute instanceof ServerContainer) {
      return (ServerContainer) attribute;
    }
    throw new ServletException(
        "no jakarta.websocket ServerContainer in the servlet context; on Jetty use"
            + " WsgateJetty.install or JakartaWebSocketServletContainerInitializer.configure");
  }

  /**
   * Closes every open connection this filter admitted whose token's subject is {@code subject} (of
   * any tenant) with {@code code} and {@code reason} (never a token). Only a filter made by {@link
   * WsgateJetty#install} tracks its sessions; any other closes none.
   *
   * @return how many connections were closed
   */
  public int disconnectSubject(String subject, int code, String reason) {
    return sessions == null ? 0 : sessions.disconnectSubject(subject, code, reason);
  }

  /**
   * Like {@link #disconnectSubject(String, int, String)} for one tenant: the same subject of
   * another tenant is another user and stays connected.
   *
   * @return how many connections were closed
   */
  public int disconnectSubject(String tenant, String subject, int code, String reason) {
    return sessions == null ? 0 : sessions.disconnectSubject(tenant, subject, code, reason);
  }

  /** How many connections this filter admitted are open (0 when it does not track sessions). */
  public int openSessions() {
    return sessions == null ? 0 : sessions.size();
  }

  /** Names the endpoint and path only. */
  @Override
  public String toString() {
    return "WsgateFilter[" + endpoint.getName() + " on " + path + "]";
  }

  /**
   * Writes {@code rejected}'s refusal and ends the response: a refused upgrade goes no further down
   * the chain.
   */
  private static void refuse(HttpServletResponse response, Decision.Rejected rejected)
      throws IOException {
    ServletRefusals.write(response, rejected.refusal());
    response.getOutputStream().close();
  }
}
