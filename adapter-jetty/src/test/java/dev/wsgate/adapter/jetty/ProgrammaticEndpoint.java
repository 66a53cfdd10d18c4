package dev.wsgate.adapter.jetty;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A programmatic endpoint: says hello to the verified subject once open. */
public final class ProgrammaticEndpoint extends Endpoint {
  @Override
  public void onOpen(Session session, EndpointConfig config) {
    session.addMessageHandler(
        String.class,
        (MessageHandler.Whole<String>)
            message -> {
              try {
                session
                    .getBasicRemote()
                    .sendText(
                        "hello "
                            + WsgateJetty.verifiedToken(session)
                                .map(t -> t.subject())
                                .orElse("nobody"));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }
}
