package dev.wsgate.adapter.javawebsocket.internal.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.java_websocket.exceptions.InvalidHandshakeException;
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
  void response_101_isTheUpgradeHeadersOnly_noDateOrServer() throws Exception {
    assertThat(written101(null))
        .isEqualTo(
            "HTTP/1.1 101 Switching Protocols\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                + "Upgrade: websocket\r\n"
                + "\r\n");
  }

  @Test
  void response_101_namesThePickedSubprotocol() throws Exception {
    assertThat(written101("chat.v2"))
        .isEqualTo(
            "HTTP/1.1 101 Switching Protocols\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                + "Sec-WebSocket-Protocol: chat.v2\r\n"
                + "Upgrade: websocket\r\n"
                + "\r\n");
  }

  @Test
  void response_notTheServers_isNoMatch() {
    HandshakeImpl1Client request = new HandshakeImpl1Client();
    request.put("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    assertThatThrownBy(
            () ->
                new GateDraft(1 << 16)
                    .postProcessHandshakeResponseAsServer(request, new HandshakeImpl1Server()))
        .isInstanceOf(InvalidHandshakeException.class);
  }

  private static String written101(String subprotocol) throws Exception {
    HandshakeImpl1Client request = new HandshakeImpl1Client();
    request.put("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    GateDraft draft = new GateDraft(1 << 16);
    HandshakeBuilder response =
        draft.postProcessHandshakeResponseAsServer(request, new SwitchingProtocols(subprotocol));
    List<ByteBuffer> bytes = draft.createHandshake(response, true);
    assertThat(bytes).hasSize(1);
    return StandardCharsets.US_ASCII.decode(bytes.get(0)).toString();
  }
}
