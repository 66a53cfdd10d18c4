package dev.wsgate.adapter.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.junit.jupiter.api.Test;

final class ProgrammaticEndpointTest {
  @Test
  void upgrade_endpointSubclass_seesTheVerifiedSubject() throws Exception {
    GatedJetty jetty =
        GatedJetty.start(GatedJetty.gate(), ProgrammaticEndpoint.class, new HttpConfiguration());
    try {
      CompletableFuture<String> reply = new CompletableFuture<>();
      WebSocket ws =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .header("Origin", GatedJetty.ORIGIN)
              .header("Cookie", "wsgate_token=" + GatedJetty.token("dave"))
              .buildAsync(
                  URI.create("ws://127.0.0.1:" + jetty.port() + "/ws"),
                  new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(
                        WebSocket webSocket, CharSequence data, boolean last) {
                      reply.complete(data.toString());
                      return null;
                    }
                  })
              .get(20, TimeUnit.SECONDS);

      ws.sendText("hi", true).get(20, TimeUnit.SECONDS);

      assertThat(reply.get(20, TimeUnit.SECONDS)).isEqualTo("hello dave");
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(20, TimeUnit.SECONDS);
    } finally {
      jetty.stop();
    }
  }
}
