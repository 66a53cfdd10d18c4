package dev.wsgate.adapter.jetty;

import dev.wsgate.gate.ExpiryWindow;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.VerifiedToken;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSession;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSessionListener;

/**
 * Closes sessions admitted by the gate when their token expires, with {@code 4002 "token expired"}.
 * One queued task per session on a shared scheduler, cancelled when the session closes first.
 * Registered with Jetty's container, so it sees every session of every endpoint.
 */
final class ExpiryCloser implements JakartaWebSocketSessionListener {
  private static final System.Logger LOG = System.getLogger(ExpiryCloser.class.getName());
  private static final String TASK = "dev.wsgate.internal.expiryTask";

  private final Object owner;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final Duration jitter;
  private final DoubleSupplier random;

  /**
   * @param owner the filter whose sessions this closer watches; sessions admitted by another
   *     installation on the same context follow that installation's policy
   */
  ExpiryCloser(
      Object owner,
      ScheduledExecutorService scheduler,
      Clock clock,
      Duration jitter,
      DoubleSupplier random) {
    this.owner = owner;
    this.scheduler = scheduler;
    this.clock = clock;
    this.jitter = jitter;
    this.random = random;
  }

  @Override
  public void onJakartaWebSocketSessionOpened(JakartaWebSocketSession session) {
    if (session.getUserProperties().get(GateConfigurator.ADMITTED_BY) != owner) {
      return;
    }
    Optional<Instant> exp = WsgateJetty.verifiedToken(session).flatMap(VerifiedToken::expiresAt);
    if (exp.isEmpty()) {
      return; // a token without expiry
    }
    Instant now = clock.instant();
    long delay =
        Duration.between(now, ExpiryWindow.closeAt(exp.get(), now, jitter, random.getAsDouble()))
            .toMillis();
    try {
      Future<?> task =
          scheduler.schedule(() -> close(session), Math.max(0, delay), TimeUnit.MILLISECONDS);
      session.getUserProperties().put(TASK, task);
    } catch (RejectedExecutionException e) {
      // the context is stopping and closes every session itself
    }
  }

  @Override
  public void onJakartaWebSocketSessionClosed(JakartaWebSocketSession session) {
    Object task = session.getUserProperties().remove(TASK);
    if (task instanceof Future) {
      ((Future<?>) task).cancel(false);
    }
  }

  private static void close(Session session) {
    if (!session.isOpen()) {
      return;
    }
    try {
      session.close(
          new CloseReason(
              CloseReason.CloseCodes.getCloseCode(Failure.EXPIRED.closeCode()),
              Failure.EXPIRED.logReason()));
    } catch (IOException e) {
      LOG.log(Level.DEBUG, () -> "expiry close failed: " + e.getClass().getName());
    }
  }
}
