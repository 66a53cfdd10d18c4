package dev.wsgate.examples.chat;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * One room: every message goes to everyone, signed with the sender's verified name. The name is
 * the token's subject, from the session's {@code Principal}: no client can claim another.
 */
final class ChatRoom extends TextWebSocketHandler {
  private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();

  @Override
  public void afterConnectionEstablished(WebSocketSession session) {
    sessions.add(session);
    broadcast("* " + session.getPrincipal().getName() + " joined");
  }

  @Override
  protected void handleTextMessage(WebSocketSession session, TextMessage message) {
    broadcast(session.getPrincipal().getName() + ": " + message.getPayload());
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
    sessions.remove(session);
    broadcast("* " + session.getPrincipal().getName() + " left (" + status.getCode() + ")");
  }

  private void broadcast(String text) {
    for (WebSocketSession s : sessions) {
      try {
        if (s.isOpen()) {
          s.sendMessage(new TextMessage(text));
        }
      } catch (IOException | IllegalStateException e) {
        // a session that cannot take a message now misses this one
      }
    }
  }
}
