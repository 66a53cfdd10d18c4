package dev.wsgate.adapter.netty;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.Evaluation;
import dev.wsgate.gate.HandshakeRequest;
import dev.wsgate.gate.Headers;
import dev.wsgate.gate.OpeningHandshake;
import dev.wsgate.gate.PendingVerification;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.TransportRefusals;
import dev.wsgate.session.LiveSession;
import dev.wsgate.spi.Failure;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The gate on one channel, before Netty's {@code WebSocketServerProtocolHandler}: decides the
 * upgrade request in one pass, answers a refusal and closes, or passes the request on with only the
 * selected application subprotocol offered (so the 101 never echoes the token entry); after the 101
 * it registers the session and takes in-band refresh frames out of the stream. Every method runs on
 * the channel's event loop; a verification that waits completes there too.
 */
final class GateHandler extends ChannelDuplexHandler {
  private static final System.Logger LOG = System.getLogger("dev.wsgate.adapter.netty.handshake");

  private final WsgateNetty owner;
  private @Nullable ScheduledFuture<?> deadline;
  private boolean requested;
  private Decision.@Nullable Accepted accepted;
  private @Nullable String origin;
  private @Nullable LiveSession live;

  GateHandler(WsgateNetty owner) {
    this.owner = owner;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      armDeadline(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    armDeadline(ctx);
    ctx.fireChannelActive();
  }

  private void armDeadline(ChannelHandlerContext ctx) {
    if (deadline == null && !requested) {
      deadline =
          ctx.executor()
              .schedule(
                  () -> {
                    if (!requested) {
                      refuse(ctx, TransportRefusals.timedOut());
                    }
                  },
                  owner.config().handshakeTimeout().toNanos(),
                  TimeUnit.NANOSECONDS);
    }
  }

  private void cancelDeadline() {
    ScheduledFuture<?> d = deadline;
    if (d != null) {
      d.cancel(false);
      deadline = null; // the task holds the context: nothing of it stays with an open connection
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    LiveSession s = live;
    if (s != null) {
      if (msg instanceof TextWebSocketFrame
          && owner.sessions().handledInBand(s, ((TextWebSocketFrame) msg).text())) {
        ReferenceCountUtil.release(msg);
        return;
      }
      ctx.fireChannelRead(msg);
      return;
    }
    if (accepted != null) {
      ctx.fireChannelRead(msg); // the upgrade on its way to the protocol handler
      return;
    }
    if (requested) {
      ReferenceCountUtil.release(msg); // after the one upgrade request, before its decision
      return;
    }
    requested = true;
    cancelDeadline();
    if (!(msg instanceof FullHttpRequest)) {
      ReferenceCountUtil.release(msg);
      refuse(ctx, TransportRefusals.notAnUpgrade());
      return;
    }
    FullHttpRequest request = (FullHttpRequest) msg;
    Evaluation e;
    try {
      e = begin(ctx, request);
    } catch (RuntimeException unexpected) {
      // the gate never throws; a Netty header accessor might on a malformed request
      e = TransportRefusals.notAnUpgrade();
    }
    if (e instanceof Decision) {
      conclude(ctx, request, (Decision) e);
      return;
    }
    // never blocks the event loop: reads pause until the decision arrives, on this event loop
    ctx.channel().config().setAutoRead(false);
    ((PendingVerification) e)
        .verify(owner.verification())
        .thenAccept(d -> ctx.executor().execute(() -> conclude(ctx, request, d)));
  }

  /** The transport's checks, then the gate's first step. */
  private Evaluation begin(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (request.decoderResult().isFailure()) {
      return request.decoderResult().cause() instanceof TooLongFrameException
          ? TransportRefusals.tooLarge(owner.config().handshakeMaxBytes())
          : TransportRefusals.notAnUpgrade();
    }
    if (!HttpMethod.GET.equals(request.method())) {
      return TransportRefusals.notAnUpgrade();
    }
    Headers.Builder headers = Headers.builder();
    for (Iterator<Map.Entry<String, String>> it = request.headers().iteratorAsString();
        it.hasNext(); ) {
      Map.Entry<String, String> header = it.next();
      headers.add(header.getKey(), header.getValue());
    }
    HandshakeRequest hr =
        HandshakeRequest.of(request.uri(), headers.build(), address(ctx.channel().remoteAddress()));
    if (!owner.config().paths().contains(hr.path())) {
      return TransportRefusals.noEndpoint();
    }
    Optional<Decision.Rejected> problem = OpeningHandshake.problem("GET", hr.headers());
    return problem.isPresent() ? problem.get() : owner.gate().begin(hr);
  }

  private static String address(@Nullable SocketAddress a) {
    return a instanceof InetSocketAddress && ((InetSocketAddress) a).getAddress() != null
        ? ((InetSocketAddress) a).getAddress().getHostAddress()
        : "-";
  }

  private void conclude(ChannelHandlerContext ctx, FullHttpRequest request, Decision d) {
    if (!ctx.channel().isActive()) {
      request.release();
      return;
    }
    if (d instanceof Decision.Accepted) {
      Decision.Accepted a = (Decision.Accepted) d;
      accepted = a;
      origin = normalisedOrigin(a.tenant(), request.headers().get(HttpHeaderNames.ORIGIN));
      ctx.channel().attr(WsgateNetty.ACCEPTED).set(a);
      HttpHeaders h = request.headers();
      if (a.subprotocol().isPresent()) {
        h.set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, a.subprotocol().get());
      } else {
        h.remove(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
      }
      LOG.log(
          Level.DEBUG,
          () ->
              "handshake accepted tenant="
                  + a.tenant()
                  + " subject="
                  + a.token().subject()
                  + " remote="
                  + address(ctx.channel().remoteAddress())
                  + " token="
                  + a.tokenFingerprint());
      ctx.fireChannelRead(request);
      ctx.channel().config().setAutoRead(true);
      return;
    }
    request.release();
    refuse(
        ctx,
        d instanceof Decision.Rejected
            ? (Decision.Rejected) d
            : Decision.Rejected.transport(
                Failure.INTERNAL_ERROR, "first-message authentication is not available here"));
  }

  private @Nullable String normalisedOrigin(String tenant, @Nullable String header) {
    TenantPolicy policy = owner.gate().tenants().get(tenant);
    return header == null || header.isEmpty() || policy == null
        ? null
        : policy.origins().check(header).normalized();
  }

  private void refuse(ChannelHandlerContext ctx, Decision.Rejected rejected) {
    requested = true;
    cancelDeadline();
    LOG.log(
        Level.DEBUG,
        () ->
            "handshake rejected status="
                + rejected.refusal().status()
                + " failure="
                + rejected.failure()
                + " remote="
                + address(ctx.channel().remoteAddress())
                + " token="
                + (rejected.tokenFingerprint().isEmpty() ? "-" : rejected.tokenFingerprint()));
    ctx.writeAndFlush(HttpRefusals.response(rejected.refusal()))
        .addListener(ChannelFutureListener.CLOSE);
  }

  /** Registers the session once the 101 is on the wire. */
  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    Decision.Accepted a = accepted;
    if (a != null
        && live == null
        && msg instanceof HttpResponse
        && HttpResponseStatus.SWITCHING_PROTOCOLS.equals(((HttpResponse) msg).status())) {
      ChannelPromise p = promise.unvoid();
      p.addListener(
          f -> {
            if (f.isSuccess()) {
              opened(ctx, a);
            }
          });
      ctx.write(msg, p);
      return;
    }
    ctx.write(msg, promise);
  }

  private void opened(ChannelHandlerContext ctx, Decision.Accepted a) {
    LiveSession s =
        owner.sessions().open(new NettySessionChannel(ctx.channel()), a.token(), origin);
    live = s;
    ctx.channel().attr(WsgateNetty.SESSION).set(s);
    if (!ctx.channel().isActive()) {
      owner.sessions().closed(s);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelDeadline();
    LiveSession s = live;
    if (s != null) {
      owner.sessions().closed(s);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (accepted == null) {
      LOG.log(Level.DEBUG, () -> "upgrade error " + cause.getClass().getName());
      ctx.close();
      return;
    }
    ctx.fireExceptionCaught(cause);
  }
}
