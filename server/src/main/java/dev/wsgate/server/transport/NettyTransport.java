package dev.wsgate.server.transport;

import dev.wsgate.adapter.javawebsocket.ServerConfig;
import dev.wsgate.adapter.netty.NettyGateConfig;
import dev.wsgate.adapter.netty.WsgateNetty;
import dev.wsgate.cluster.ConnectionLeases;
import dev.wsgate.server.config.Configuration;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The server on Netty: {@link WsgateNetty}'s pipeline on NIO event loops ({@code wsgate.decoders}
 * of them), with the echo application. Upgraded connections silent for {@code
 * wsgate.session.ping-interval} are pinged; one that sends nothing for 1.5 times that is closed
 * (the adapter's {@link NettyGateConfig#pingInterval}).
 */
public final class NettyTransport implements Transport {
  private final WsgateNetty wsgate;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ChannelGroup channels;
  private final Channel listener;

  private NettyTransport(
      WsgateNetty wsgate,
      EventLoopGroup boss,
      EventLoopGroup workers,
      ChannelGroup channels,
      Channel listener) {
    this.wsgate = wsgate;
    this.boss = boss;
    this.workers = workers;
    this.channels = channels;
    this.listener = listener;
  }

  /** The adapter's settings for the server's. */
  static NettyGateConfig gateConfig(ServerConfig c) {
    return new NettyGateConfig(
        c.paths(),
        c.handshakeTimeout(),
        c.handshakeMaxBytes(),
        c.maxFrameBytes(),
        // a verifier that may block waits on these, never on an event loop
        Math.max(c.decoders(), ServerConfig.defaultDecoders()),
        c.sessionPolicy(),
        c.trustedProxies(),
        c.limits().maxConnections(),
        c.limits().maxConnectionsPerSubject(),
        c.limits().maxPendingAuthentications(),
        c.limits().maxPendingAuthenticationsPerAddress(),
        c.pingInterval());
  }

  /**
   * Binds and returns once the server accepts connections.
   *
   * @throws IOException when the address cannot be bound
   */
  public static NettyTransport start(
      Configuration configuration, Clock clock, @Nullable ConnectionLeases clusterLimits)
      throws IOException {
    ServerConfig c = configuration.server();
    WsgateNetty wsgate =
        new WsgateNetty(
            configuration.gate(),
            gateConfig(c),
            clock,
            configuration.metrics().registry(),
            clusterLimits);
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    EventLoopGroup workers =
        new MultiThreadIoEventLoopGroup(c.decoders(), NioIoHandler.newFactory());
    ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    Echo echo = new Echo(c.maxFrameBytes());
    ChannelFuture bound =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, c.backlog())
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            // one allocator for every connection, not one each: it holds only its settings, and
            // each connection's state is in the handle it makes
            .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator())
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    channels.add(ch);
                    wsgate.initChannel(ch.pipeline(), echo);
                  }
                })
            .bind(new InetSocketAddress(c.host(), c.port()))
            .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      Throwable failure = bound.cause();
      boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      wsgate.close();
      throw new IOException(
          "cannot listen on "
              + c.host()
              + ":"
              + c.port()
              + " ("
              + (failure == null ? "unknown" : failure.getClass().getSimpleName())
              + (failure == null || failure.getMessage() == null ? "" : ": " + failure.getMessage())
              + ")");
    }
    return new NettyTransport(wsgate, boss, workers, channels, bound.channel());
  }

  /**
   * The echo application: every text message back to its sender. One handler for every channel: a
   * message in one frame is echoed as it comes, and the first fragment of a message puts a frame
   * aggregator before this handler on its channel, which from then on joins that channel's
   * fragments (a message over {@code wsgate.max-frame-bytes} in all is refused as the aggregator
   * refuses it). So an idle connection holds no state of its application.
   */
  @ChannelHandler.Sharable
  private static final class Echo extends ChannelInboundHandlerAdapter {
    private final int maxMessageBytes;

    Echo(int maxMessageBytes) {
      this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
      if (msg instanceof WebSocketFrame && !((WebSocketFrame) msg).isFinalFragment()) {
        WebSocketFrameAggregator aggregator = new WebSocketFrameAggregator(maxMessageBytes);
        ctx.pipeline().addBefore(ctx.name(), "wsgate-message-aggregator", aggregator);
        aggregator.channelRead(ctx.pipeline().context(aggregator), msg);
      } else if (msg instanceof TextWebSocketFrame) {
        ctx.writeAndFlush(msg); // a whole message, ours to write
      } else {
        ctx.fireChannelRead(msg); // a binary message: to the end of the pipeline
      }
    }
  }

  /** The Netty gate. */
  public WsgateNetty wsgate() {
    return wsgate;
  }

  @Override
  public String name() {
    return "netty";
  }

  @Override
  public int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  @Override
  public int openConnections() {
    return wsgate.openConnections();
  }

  @Override
  public int disconnectSubject(String subject, int code, String reason) {
    return wsgate.disconnectSubject(subject, code, reason);
  }

  @Override
  public int disconnectSubject(String tenant, String subject, int code, String reason) {
    return wsgate.disconnectSubject(tenant, subject, code, reason);
  }

  /**
   * Closes the listener, sends 1001 to every accepted connection, whose gate handler ends the
   * connection when the client answers; what is still open after {@code grace} is closed without
   * waiting more.
   */
  @Override
  public void shutdown(Duration grace) {
    listener.close().awaitUninterruptibly();
    for (Channel ch : channels) {
      // accepted: its 101 may still be on its way; the close frame follows it on the event loop
      if (WsgateNetty.token(ch).isPresent()) {
        ch.writeAndFlush(
            new CloseWebSocketFrame(
                WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code(), "server shutting down"));
      } else {
        ch.close();
      }
    }
    if (!channels.newCloseFuture().awaitUninterruptibly(grace.toMillis())) {
      channels.close().awaitUninterruptibly();
    }
    boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly(grace.toMillis());
    wsgate.close();
  }
}
