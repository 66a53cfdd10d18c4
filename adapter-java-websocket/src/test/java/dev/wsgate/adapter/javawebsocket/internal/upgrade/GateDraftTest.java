package dev.wsgate.adapter.javawebsocket.internal.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import org.java_websocket.handshake.HandshakeBuilder;
import org.java_websocket.handshake.HandshakeImpl1Client;
import org.java_websocket.handshake.HandshakeImpl1Server;
import org.junit.jupiter.api.Test;

final class GateDraftTest {
  @Test
  void acceptKey_rfc6455Example_matches() {
    // RFC 6455 §1.3
    assertThat(GateDraft.acceptKey("dGhlIHNhbXBsZSBub25jZQ=="))
        .isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    assertThat(GateDraft.acceptKey(" dGhlIHNhbXBsZSBub25jZQ== "))
        .isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  }

  @Test
  void response_101_hasUpgradeHeaders_andNoDateOrServer() throws Exception {
    HandshakeImpl1Client request = new HandshakeImpl1Client();
    request.put("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    HandshakeBuilder response =
        new GateDraft(1 << 16)
            .postProcessHandshakeResponseAsServer(request, new HandshakeImpl1Server());

    assertThat(response.getFieldValue("Upgrade")).isEqualTo("websocket");
    assertThat(response.getFieldValue("Connection")).isEqualTo("Upgrade");
    assertThat(response.getFieldValue("Sec-WebSocket-Accept"))
        .isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    assertThat(response.hasFieldValue("Date")).isFalse();
    assertThat(response.hasFieldValue("Server")).isFalse();
  }
}
