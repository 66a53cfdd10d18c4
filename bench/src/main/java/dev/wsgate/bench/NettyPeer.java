package dev.wsgate.bench;

import dev.wsgate.adapter.netty.NettyGateConfig;
import dev.wsgate.adapter.netty.WsgateNetty;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.OriginPolicy;
import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.TokenExtractors;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The harness peer W-netty: {@code wsgate-adapter-netty} on one NIO event loop (as the harness's
 * bare Netty peer D), the {@code hmac} provider, the token in the query, an echo; the settings of
 * the harness's {@code wsgate-bench.properties}. Environment: {@code HOST}, {@code PORT}, {@code
 * WSGATE_HMAC_SECRET}, {@code ALLOWED_ORIGINS}. Run it with {@code PEERS="B D X"
 * PEER_X_NAME=wsgate-netty PEER_X_CMD='java -cp bench/target/benchmarks.jar
 * dev.wsgate.bench.NettyPeer' ./compare.sh}.
 */
public final class NettyPeer {
  private NettyPeer() {}

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isEmpty() ? fallback : v;
  }

  /** Echoes text frames. */
  @ChannelHandler.Sharable
  private static final class Echo extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
      ctx.writeAndFlush(frame.retain());
    }
  }

  public static void main(String[] args) throws InterruptedException {
    TokenVerifier verifier =
        ProviderRegistry.load(NettyPeer.class.getClassLoader())
            .get("hmac")
            .create(
                ProviderSettings.builder("wsgate.provider.hmac.")
                    .values(
                        Map.of(
                            "secret", env("WSGATE_HMAC_SECRET", ""),
                            "issuer", "https://issuer.perf.test",
                            "audience", "perf"))
                    .build());
    HandshakeGate gate =
        HandshakeGate.builder()
            .tenant(
                new TenantPolicy(
                    "default",
                    OriginPolicy.of(
                        List.of(env("ALLOWED_ORIGINS", "http://localhost:3000")), false),
                    List.of(TokenExtractors.query("token")),
                    verifier,
                    List.of(),
                    TenantPolicy.DEFAULT_MAX_TOKEN_BYTES,
                    Duration.ofSeconds(30)))
            .build();
    WsgateNetty wsgate = new WsgateNetty(gate, NettyGateConfig.defaults("/ws"), Clock.systemUTC());
    Echo echo = new Echo();
    EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    new ServerBootstrap()
        .group(loop)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                wsgate.initChannel(ch.pipeline(), echo);
              }
            })
        .bind(env("HOST", "127.0.0.1"), Integer.parseInt(env("PORT", "8080")))
        .sync();
    System.out.println(
        "wsgate-netty listening on " + env("HOST", "127.0.0.1") + ":" + env("PORT", "8080"));
  }
}
