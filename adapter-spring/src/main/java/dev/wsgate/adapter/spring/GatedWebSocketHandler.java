package dev.wsgate.adapter.spring;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.SubProtocolCapable;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * The application's handler for one admitted servlet connection: supports exactly the subprotocol
 * the gate selected (Spring's handshake handler selects from it), registers the session with {@link
 * WsgateSessions} (expiry, refresh, revocation, disconnect by subject, metrics) and takes refresh
 * frames out of the message stream. Everything else goes to the application's handler, with the
 * session wrapped in Spring's {@link ConcurrentWebSocketSessionDecorator} (see {@link #shared}).
 *
 * <p>Deliberately not a {@code WebSocketHandlerDecorator}: Spring unwraps decorators when it looks
 * for the supported subprotocols, and would then select from the application's handler instead.
 */
final class GatedWebSocketHandler implements WebSocketHandler, SubProtocolCapable {
  private static final System.Logger LOG = System.getLogger(GatedWebSocketHandler.class.getName());

  /** How long one send may block others before the session is closed (Spring's decorator). */
  static final int SEND_TIME_LIMIT_MILLIS = 10_000;

  /** How many bytes may wait behind a send in progress before the session is closed. */
  static final int BUFFER_LIMIT_BYTES = 1 << 20;

  private final WebSocketHandler delegate;
  private final Admission admission;
  private final WsgateSessions sessions;
  private volatile ServletChannel channel;
  private volatile WebSocketSession concurrent;

  GatedWebSocketHandler(WebSocketHandler delegate, Admission admission, WsgateSessions sessions) {
    this.delegate = delegate;
    this.admission = admission;
    this.sessions = sessions;
  }

  @Override
  public List<String> getSubProtocols() {
    return SpringHeaders.protocolOffer(admission.accepted().subprotocol());
  }

  /**
   * The session the application and wsgate share: a servlet session takes one sender at a time, and
   * wsgate sends (a refresh acknowledgement) from a verification thread while the application may
   * be sending, so both send through one {@link ConcurrentWebSocketSessionDecorator}.
   */
  private WebSocketSession shared(WebSocketSession session) {
    WebSocketSession c = concurrent;
    return c != null ? c : session;
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession session) throws Exception {
    WebSocketSession c =
        new ConcurrentWebSocketSessionDecorator(
            session, SEND_TIME_LIMIT_MILLIS, BUFFER_LIMIT_BYTES);
    concurrent = c;
    ServletChannel opened = new ServletChannel(c);
    sessions.opened(opened, admission);
    channel = opened;
    delegate.afterConnectionEstablished(c);
  }

  @Override
  public void handleMessage(WebSocketSession session, WebSocketMessage<?> message)
      throws Exception {
    ServletChannel c = channel;
    if (c != null
        && message instanceof TextMessage
        && message.isLast()
        && sessions.handledInBand(c, ((TextMessage) message).getPayload())) {
      return;
    }
    delegate.handleMessage(shared(session), message);
  }

  @Override
  public void handleTransportError(WebSocketSession session, Throwable exception) throws Exception {
    delegate.handleTransportError(shared(session), exception);
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus)
      throws Exception {
    ServletChannel c = channel;
    if (c != null) {
      sessions.closed(c, closeStatus.getCode());
    }
    delegate.afterConnectionClosed(shared(session), closeStatus);
  }

  @Override
  public boolean supportsPartialMessages() {
    return delegate.supportsPartialMessages();
  }

  /** A servlet session as the shared session code sees it. */
  private static final class ServletChannel extends SpringSessionChannel {
    private final WebSocketSession session;

    ServletChannel(WebSocketSession session) {
      super(session.getAttributes());
      this.session = session;
    }

    @Override
    void closeTransport(int code, String reason) {
      try {
        session.close(new CloseStatus(code, reason));
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.DEBUG, () -> "close failed: " + e.getClass().getName());
      }
    }

    @Override
    public void send(String text) {
      try {
        if (session.isOpen()) {
          session.sendMessage(new TextMessage(text));
        }
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.DEBUG, () -> "send failed: " + e.getClass().getName());
      }
    }
  }
}
