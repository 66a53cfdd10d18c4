package dev.wsgate.adapter.spring;

import java.util.List;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;

/**
 * The application's handler for one admitted WebFlux connection: supports exactly the subprotocol
 * the gate selected (WebFlux selects from the handler's list), puts the identity into the session's
 * attributes, registers the session with {@link WsgateSessions} (expiry, refresh, revocation,
 * disconnect by subject, metrics) and hands the application a session whose {@code receive()}
 * leaves out refresh frames.
 */
final class GatedReactiveHandler implements WebSocketHandler {
  private final WebSocketHandler delegate;
  private final Admission admission;
  private final WsgateSessions sessions;

  GatedReactiveHandler(WebSocketHandler delegate, Admission admission, WsgateSessions sessions) {
    this.delegate = delegate;
    this.admission = admission;
    this.sessions = sessions;
  }

  @Override
  public List<String> getSubProtocols() {
    return SpringHeaders.protocolOffer(admission.accepted().subprotocol());
  }

  @Override
  public Mono<Void> handle(WebSocketSession session) {
    admission.putInto(session.getAttributes());
    session.getAttributes().remove(Admission.ATTRIBUTE);
    ReactiveChannel c = new ReactiveChannel(session);
    sessions.opened(c, admission);
    session
        .closeStatus()
        .defaultIfEmpty(CloseStatus.NO_STATUS_CODE)
        .subscribe(
            status -> sessions.closed(c, status.getCode()),
            error -> sessions.closed(c, CloseStatus.NO_CLOSE_FRAME.getCode()));
    // the close status names the code; this only forgets a session already closed without one
    return delegate
        .handle(new RefreshFilteringSession(session, c, sessions))
        .doFinally(
            signal -> {
              if (!session.isOpen()) {
                sessions.closed(c, CloseStatus.NO_STATUS_CODE.getCode());
              }
            });
  }

  /** A WebFlux session as the shared session code sees it. */
  private static final class ReactiveChannel extends SpringSessionChannel {
    private final WebSocketSession session;

    ReactiveChannel(WebSocketSession session) {
      super(session.getAttributes());
      this.session = session;
    }

    @Override
    void closeTransport(int code, String reason) {
      session.close(new CloseStatus(code, reason)).subscribe(v -> {}, e -> {});
    }

    @Override
    public void send(String text) {
      if (session.isOpen()) {
        session.send(Mono.just(session.textMessage(text))).subscribe(v -> {}, e -> {});
      }
    }
  }
}
