package dev.wsgate.adapter.netty;

import dev.wsgate.session.SessionChannel;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
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

  /** Sends the close frame, then closes the connection once it is written. */
  @Override
  public void close(int code, String reason) {
    if (channel.isActive()) {
      channel
          .writeAndFlush(new CloseWebSocketFrame(code, reason))
          .addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public String toString() {
    return "NettySessionChannel[" + channel.remoteAddress() + "]";
  }
}
