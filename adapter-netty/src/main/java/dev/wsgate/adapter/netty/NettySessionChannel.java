package dev.wsgate.adapter.netty;

import dev.wsgate.session.SessionChannel;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/**
 * An upgraded Netty channel as the session code sees it. Netty's channel operations are
 * thread-safe: from another thread they are queued to the channel's event loop.
 */
final class NettySessionChannel implements SessionChannel {
  private final Channel channel;

  NettySessionChannel(Channel channel) {
    this.channel = channel;
  }

  @Override
  public void send(String text) {
    if (channel.isActive()) {
      channel.writeAndFlush(new TextWebSocketFrame(text));
    }
  }

  /**
   * Sends the close frame; the gate handler closes the connection when the peer answers it, or
   * {@link NettyGateConfig#CLOSE_ANSWER_TIMEOUT} after it was written. Closing at once would end
   * the connection under a peer still answering: its close frame then meets a reset, and a browser
   * may report 1006 instead of the code sent.
   */
  @Override
  public void close(int code, String reason) {
    if (channel.isActive()) {
      channel.writeAndFlush(new CloseWebSocketFrame(code, reason));
    }
  }

  @Override
  public String toString() {
    return "NettySessionChannel[" + channel.remoteAddress() + "]";
  }
}
