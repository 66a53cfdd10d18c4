package dev.wsgate.adapter.javawebsocket.internal.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.java_websocket.drafts.Draft;
import org.java_websocket.enums.Role;
import org.java_websocket.exceptions.IncompleteHandshakeException;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.handshake.Handshakedata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class UpgradeRequestTest {
  private static final String CHROME =
      "GET /ws?token=abc.def.ghi HTTP/1.1\r\n"
          + "Host: localhost:8080\r\n"
          + "Connection: Upgrade\r\n"
          + "Pragma: no-cache\r\n"
          + "Cache-Control: no-cache\r\n"
          + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36\r\n"
          + "Upgrade: websocket\r\n"
          + "Origin: http://localhost:3000\r\n"
          + "Sec-WebSocket-Version: 13\r\n"
          + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
          + "Accept-Language: en-US,en;q=0.9\r\n"
          + "Cookie: session=s1; theme=dark\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
          + "Sec-WebSocket-Protocol: app.v1, bearer.abc\r\n"
          + "\r\n";

  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void parse_browserRequest_readsTargetAndEveryField_andStopsAtTheFirstFrame() throws Exception {
    byte[] frame = {(byte) 0x81, (byte) 0x82, 1, 2, 3, 4, 5, 6};
    ByteBuffer buf = ByteBuffer.allocate(CHROME.length() + frame.length);
    buf.put(CHROME.getBytes(StandardCharsets.US_ASCII)).put(frame).flip();

    UpgradeRequest r = UpgradeRequest.parse(buf);

    assertThat(r.getResourceDescriptor()).isEqualTo("/ws?token=abc.def.ghi");
    assertThat(r.headers().all("origin")).containsExactly("http://localhost:3000");
    assertThat(r.getFieldValue("SEC-WEBSOCKET-PROTOCOL")).isEqualTo("app.v1, bearer.abc");
    assertThat(r.getFieldValue("Cookie")).isEqualTo("session=s1; theme=dark");
    assertThat(r.headers().names()).hasSize(14).contains("Sec-WebSocket-Key", "User-Agent");
    assertThat(r.hasFieldValue("Absent")).isFalse();
    assertThat(r.getFieldValue("Absent")).isEmpty();
    assertThat(buf.position()).isEqualTo(CHROME.length());
    assertThat(buf.remaining()).isEqualTo(frame.length);
  }

  @Test
  void parse_agreesWithJavaWebSocketsParser_onAWellFormedRequest() throws Exception {
    Handshakedata theirs = Draft.translateHandshakeHttp(bytes(CHROME), Role.SERVER);
    UpgradeRequest ours = UpgradeRequest.parse(bytes(CHROME));

    assertThat(ours.headers().names()).containsExactlyElementsOf(() -> theirs.iterateHttpFields());
    for (String name : ours.headers().names()) {
      assertThat(ours.getFieldValue(name)).as(name).isEqualTo(theirs.getFieldValue(name));
    }
  }

  @Test
  void parse_repeatedField_keepsEachValue_andJoinsThemWithComma() throws Exception {
    UpgradeRequest r =
        UpgradeRequest.parse(
            bytes(
                "GET / HTTP/1.1\r\nSec-WebSocket-Protocol: app.v1\r\n"
                    + "sec-websocket-protocol: bearer.x\r\nHost: a\r\n\r\n"));

    assertThat(r.headers().all("Sec-WebSocket-Protocol")).containsExactly("app.v1", "bearer.x");
    assertThat(r.getFieldValue("Sec-WebSocket-Protocol")).isEqualTo("app.v1, bearer.x");
    assertThat(r.headers().names()).containsExactly("Host", "Sec-WebSocket-Protocol");
  }

  @Test
  void parse_valueWhitespace_isDroppedOnBothSides_andAnEmptyValueIsKept() throws Exception {
    UpgradeRequest r =
        UpgradeRequest.parse(
            bytes("GET / HTTP/1.1\r\nOrigin: \t http://a.test \t\r\nX-Empty:\r\n\r\n"));

    assertThat(r.headers().all("Origin")).containsExactly("http://a.test");
    assertThat(r.headers().all("X-Empty")).containsExactly("");
  }

  @Test
  void parse_byteAbove0x7fInAValue_readsAsReplacementCharacter() throws Exception {
    UpgradeRequest r =
        UpgradeRequest.parse(bytes("GET / HTTP/1.1\r\nUser-Agent: caf\u00e9\r\n\r\n"));

    assertThat(r.getFieldValue("User-Agent")).isEqualTo("caf\ufffd");
  }

  @Test
  void parse_directBuffer_readsTheSame() throws Exception {
    byte[] b = CHROME.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer direct = ByteBuffer.allocateDirect(b.length + 3).put(b).put(new byte[] {1, 2, 3});
    direct.flip();

    UpgradeRequest r = UpgradeRequest.parse(direct);

    assertThat(r.getFieldValue("Sec-WebSocket-Key")).isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
    assertThat(direct.remaining()).isEqualTo(3);
  }

  @Test
  void parse_everyPrefix_isIncomplete_andLeavesTheBufferAsItWas() {
    for (int n = 0; n < CHROME.length(); n++) {
      ByteBuffer buf = bytes(CHROME.substring(0, n));
      assertThatThrownBy(() -> UpgradeRequest.parse(buf))
          .as("first %d bytes", n)
          .isInstanceOf(IncompleteHandshakeException.class);
      assertThat(buf.position()).isZero();
      assertThat(buf.limit()).isEqualTo(n);
    }
  }

  @Test
  void parse_malformedLineBeforeTheEnd_isRefusedWithoutWaitingForTheRest() {
    assertThatThrownBy(() -> UpgradeRequest.parse(bytes("GET / HTTP/1.1\r\nOrigin : x\r\nHost")))
        .isInstanceOf(InvalidHandshakeException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "get / HTTP/1.1", // the method is case-sensitive (RFC 9110 §9.1)
        "PUT / HTTP/1.1", // POST and OPTIONS parse, for the ticket endpoint only
        "GET / HTTP/1.0",
        "GET / http/1.1",
        "GET /  HTTP/1.1",
        "GET  / HTTP/1.1",
        "GET HTTP/1.1",
        "GET / HTTP/1.1 ",
        "GET /\u0000 HTTP/1.1",
        "GET /\u00e9 HTTP/1.1",
        "GET /\u007f HTTP/1.1",
        " GET / HTTP/1.1",
        "",
      })
  void parse_malformedRequestLine_isRefused(String line) {
    assertThatThrownBy(() -> UpgradeRequest.parse(bytes(line + "\r\nHost: a\r\n\r\n")))
        .isInstanceOf(InvalidHandshakeException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Origin : http://a.test", // whitespace before the colon (RFC 9112 §5.1)
        "Origin\t: http://a.test",
        " Origin: http://a.test", // a folded line (RFC 9112 §5.2)
        "\tcontinued",
        "Origin http://a.test",
        ": no-name",
        "Ori gin: x",
        "Orig\u00e9n: x",
        "X-Token: a\nOrigin: http://evil.test", // a bare LF
        "X-Token: a\rOrigin: http://evil.test", // a bare CR
        "X-Token: a\u0000b",
        "X-Token: a\u007fb",
        "X-Token: a\u001bb",
      })
  void parse_malformedField_isRefused(String field) {
    assertThatThrownBy(
            () -> UpgradeRequest.parse(bytes("GET / HTTP/1.1\r\nHost: a\r\n" + field + "\r\n\r\n")))
        .isInstanceOf(InvalidHandshakeException.class)
        .message()
        .doesNotContain("a.test", "evil");
  }

  @Test
  void parse_bareLfLineEnds_refusedAtTheFirstLine_notAwaitedAsIncomplete() {
    assertThatThrownBy(() -> UpgradeRequest.parse(bytes("GET /ws HTTP/1.1\nHost: a\n")))
        .isInstanceOf(InvalidHandshakeException.class)
        .isNotInstanceOf(IncompleteHandshakeException.class);
    assertThatThrownBy(() -> UpgradeRequest.parse(bytes("GET /ws HTTP/1.1\r\nHost: a\n\n")))
        .isInstanceOf(InvalidHandshakeException.class)
        .isNotInstanceOf(IncompleteHandshakeException.class);
    // a CR whose LF has not arrived yet is no bare line end
    assertThatThrownBy(() -> UpgradeRequest.parse(bytes("GET /ws HTTP/1.1\r\nHost: a\r")))
        .isInstanceOf(IncompleteHandshakeException.class);
  }

  @Test
  void parseAhead_leavesTheBuffer_andReuseTakesItOnlyForTheSameBytes() throws Exception {
    byte[] frame = {(byte) 0x81, (byte) 0x80, 1, 2, 3, 4};
    ByteBuffer buf = ByteBuffer.allocate(CHROME.length() + frame.length);
    buf.put(CHROME.getBytes(StandardCharsets.US_ASCII)).put(frame).flip();

    UpgradeRequest.Ahead ahead = UpgradeRequest.parseAhead(buf);
    assertThat(buf.position()).isZero();
    assertThat(ahead.head().remaining()).isEqualTo(CHROME.length());

    ByteBuffer copy = ByteBuffer.wrap(CHROME.getBytes(StandardCharsets.US_ASCII));
    assertThat(UpgradeRequest.reuse(ahead, copy)).isSameAs(ahead.request());
    assertThat(copy.hasRemaining()).isFalse();

    byte[] changed =
        CHROME.replace("localhost:3000", "localhost:3001").getBytes(StandardCharsets.US_ASCII);
    ByteBuffer other = ByteBuffer.wrap(changed);
    assertThat(UpgradeRequest.reuse(ahead, other)).isNull();
    assertThat(other.position()).isZero();
    ByteBuffer shorter =
        ByteBuffer.wrap(CHROME.substring(0, 100).getBytes(StandardCharsets.US_ASCII));
    assertThat(UpgradeRequest.reuse(ahead, shorter)).isNull();

    assertThat(UpgradeRequest.reuse(ahead, buf)).isSameAs(ahead.request());
    assertThat(buf.remaining()).as("the client's first frame").isEqualTo(frame.length);
  }

  @Test
  void unparsable_isAnEmptyRequestForTheRoot() {
    assertThat(UpgradeRequest.UNPARSABLE.getResourceDescriptor()).isEqualTo("/");
    assertThat(UpgradeRequest.UNPARSABLE.headers().names()).isEmpty();
    assertThat(UpgradeRequest.UNPARSABLE.getContent()).isEmpty();
  }
}
