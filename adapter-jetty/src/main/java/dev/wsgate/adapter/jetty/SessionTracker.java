package dev.wsgate.adapter.jetty;

import dev.wsgate.session.LiveSession;
import dev.wsgate.session.SessionRegistry;
import dev.wsgate.spi.VerifiedToken;
import jakarta.websocket.Session;
import java.util.Optional;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSession;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSessionListener;

/**
 * Tells one installation's {@link SessionRegistry} when the sessions its filter admitted open and
 * close. Registered with Jetty's container, so it sees every session of every endpoint, and keeps
 * only its own.
 */
final class SessionTracker implements JakartaWebSocketSessionListener {
  /** Session user property holding the {@link Tracked} session. */
  private static final String TRACKED = "dev.wsgate.internal.tracked";

  /** A session in its registry. */
  record Tracked(SessionRegistry registry, LiveSession live) {}

  private final Object owner;
  private final SessionRegistry registry;

  /**
   * @param owner the filter whose sessions this tracker registers; sessions admitted by another
   *     installation on the same context follow that installation's policy
   */
  SessionTracker(Object owner, SessionRegistry registry) {
    this.owner = owner;
    this.registry = registry;
  }

  @Override
  public void onJakartaWebSocketSessionOpened(JakartaWebSocketSession session) {
    if (session.getUserProperties().get(GateConfigurator.ADMITTED_BY) != owner) {
      return;
    }
    Object token = session.getUserProperties().get(WsgateJetty.VERIFIED_TOKEN);
    Object origin = session.getUserProperties().get(GateConfigurator.ORIGIN);
    if (token instanceof VerifiedToken) {
      LiveSession live =
          registry.open(
              new JettySessionChannel(session),
              (VerifiedToken) token,
              origin instanceof String ? (String) origin : null);
      session.getUserProperties().put(TRACKED, new Tracked(registry, live));
    }
  }

  @Override
  public void onJakartaWebSocketSessionClosed(JakartaWebSocketSession session) {
    Object tracked = session.getUserProperties().get(TRACKED);
    if (tracked instanceof Tracked && ((Tracked) tracked).registry() == registry) {
      registry.closed(((Tracked) tracked).live());
    }
  }

  /** The registered state of a session, or empty when no installation registered it. */
  static Optional<Tracked> of(Session session) {
    Object tracked = session.getUserProperties().get(TRACKED);
    return tracked instanceof Tracked ? Optional.of((Tracked) tracked) : Optional.empty();
  }
}
