package dev.wsgate.adapter.jetty;

import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/**
 * Echoes text; answers {@code whoami} with what the gate handed over: {@code
 * subject@tenant/provider principal=name}, and {@code exp} with the current token's expiry (epoch
 * seconds); leaves refresh frames to wsgate. Public because Jakarta WebSocket instantiates it. Its
 * annotation path, {@code /echo}, is deliberately not where the gate serves it: no route may bypass
 * the gate.
 */
@ServerEndpoint("/echo")
public final class EchoEndpoint {
  @OnMessage
  public String onMessage(String message, Session session) {
    if (WsgateJetty.handledInBand(session, message)) {
      return null; // a refresh frame: wsgate answers it
    }
    if (message.equals("exp")) {
      return WsgateJetty.verifiedToken(session)
          .flatMap(t -> t.expiresAt())
          .map(e -> String.valueOf(e.getEpochSecond()))
          .orElse("none");
    }
    if (!message.equals("whoami")) {
      return message;
    }
    return WsgateJetty.verifiedToken(session)
        .map(
            t ->
                t.subject()
                    + "@"
                    + session.getUserProperties().get(WsgateJetty.TENANT)
                    + "/"
                    + t.providerId()
                    + " principal="
                    + session.getUserPrincipal().getName())
        .orElse("nobody");
  }
}
