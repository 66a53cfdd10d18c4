package dev.wsgate.adapter.netty;

import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.spi.RevocationCheck;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.testkit.TestTenants;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Netty server on a free loopback port with the gate in its pipeline, built as an embedding
 * application builds it, and an application that echoes text frames and answers {@code whoami} with
 * the subject of the channel's identity attribute.
 */
final class NettyServer implements AutoCloseable {
  static final String ORIGIN = "https://app.example.com";

  final WsgateNetty wsgate;
  final int port;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel listening;

  private NettyServer(WsgateNetty wsgate, int workerThreads) throws InterruptedException {
    this.wsgate = wsgate;
    this.boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    this.workers = new MultiThreadIoEventLoopGroup(workerThreads, NioIoHandler.newFactory());
    this.listening =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    wsgate.initChannel(ch.pipeline(), new Echo());
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
    this.port = ((InetSocketAddress) listening.localAddress()).getPort();
  }

  static NettyServer start(WsgateNetty wsgate, int workerThreads) {
    try {
      return new NettyServer(wsgate, workerThreads);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static NettyServer start(HandshakeGate gate, NettyGateConfig config, Clock clock) {
    return start(new WsgateNetty(gate, config, clock), 2);
  }

  /**
   * A gate of one tenant {@code default}: {@link #ORIGIN}, the token in the query, a cookie, the
   * subprotocol or the header, the application protocol {@code app.v1}.
   */
  static HandshakeGate gate(
      TokenVerifier verifier, int maxTokenBytes, Clock clock, RevocationCheck... checks) {
    HandshakeGate.Builder b =
        HandshakeGate.builder()
            .tenant(TestTenants.standard("default", verifier, maxTokenBytes, ORIGIN))
            .verifyTimeout(Duration.ofSeconds(20))
            .clock(clock);
    for (RevocationCheck c : checks) {
      b.revocationCheck(c);
    }
    return b.build();
  }

  /** Returns once every task queued on the channels' event loops before this call has run. */
  void drainEventLoops() {
    for (EventExecutor loop : workers) {
      loop.submit(() -> {}).syncUninterruptibly();
    }
  }

  URI uri(String pathAndQuery) {
    return URI.create("ws://127.0.0.1:" + port + pathAndQuery);
  }

  @Override
  public void close() {
    listening.close().syncUninterruptibly();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    wsgate.close();
  }

  /** The application: echoes text frames; {@code whoami} answers the verified subject. */
  @ChannelHandler.Sharable
  static final class Echo extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
      String text = frame.text();
      String answer =
          text.equals("whoami")
              ? WsgateNetty.token(ctx.channel()).map(t -> t.subject()).orElse("nobody")
              : text;
      ctx.writeAndFlush(new TextWebSocketFrame(answer));
    }
  }
}
