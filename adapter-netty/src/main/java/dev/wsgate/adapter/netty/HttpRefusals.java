package dev.wsgate.adapter.netty;

import dev.wsgate.gate.HttpAnswer;
import dev.wsgate.gate.Refusal;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * A gate's {@link Refusal} as a Netty response: the refusal's status line, its headers in its order
 * and spelling, its body. Netty's HTTP encoder writes them as they are, so the bytes are the
 * refusal's own ({@link Refusal#httpResponse()}), those of every other adapter. The ticket
 * endpoint's answers ({@link HttpAnswer}) likewise.
 */
final class HttpRefusals {
  private HttpRefusals() {}

  static FullHttpResponse response(Refusal refusal) {
    return response(
        new HttpAnswer(
            refusal.status(),
            refusal.failure().httpReasonPhrase(),
            refusal.headers(),
            refusal.body()));
  }

  static FullHttpResponse response(HttpAnswer answer) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            new HttpResponseStatus(answer.status(), answer.reasonPhrase()),
            Unpooled.wrappedBuffer(answer.body()));
    for (Refusal.Header h : answer.headers()) {
      response.headers().add(h.name(), h.value());
    }
    return response;
  }
}
