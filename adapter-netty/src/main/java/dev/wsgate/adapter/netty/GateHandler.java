package dev.wsgate.adapter.netty;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.Evaluation;
import dev.wsgate.gate.HandshakeRequest;
import dev.wsgate.gate.Headers;
import dev.wsgate.gate.HttpAnswer;
import dev.wsgate.gate.OpeningHandshake;
import dev.wsgate.gate.PendingVerification;
import dev.wsgate.gate.TicketEndpoint;
import dev.wsgate.gate.TransportRefusals;
import dev.wsgate.internal.ConnectionCounter;
import dev.wsgate.internal.firstmessage.Authenticating;
import dev.wsgate.internal.firstmessage.PendingAuthentications;
import dev.wsgate.session.LiveSession;
import dev.wsgate.session.SessionChannel;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.VerifiedToken;
import io.netty.channel.Channel;
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
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.util.AttributeKey;
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
 * it registers the session and takes in-band refresh frames out of the stream. A {@code POST} or
 * {@code OPTIONS} to {@code {upgrade path}/ticket} is answered by the {@link TicketEndpoint} and
 * closed. An accepted upgrade holds a {@link ConnectionCounter} permit until the channel closes.
 * Every method runs on the channel's event loop; a verification that waits completes there too. The
 * handler is also the connection as the session code sees it ({@link SessionChannel}, whose methods
 * any thread may call) and keeps the times of its last read and write for the ping sweep ({@link
 * #idleCheck}).
 */
final class GateHandler extends ChannelDuplexHandler implements SessionChannel {
  private static final System.Logger LOG = System.getLogger("dev.wsgate.adapter.netty.handshake");

  /** Where Netty's protocol handler keeps a channel's handshaker. */
  private static final AttributeKey<WebSocketServerHandshaker> HANDSHAKER =
      AttributeKey.valueOf(WebSocketServerHandshaker.class, "HANDSHAKER");

  /** The close code of a connection that ended without a close frame. */
  private static final int LOST = WebSocketCloseStatus.ABNORMAL_CLOSURE.code();

  private final WsgateNetty owner;
  private @Nullable ChannelHandlerContext context;

  /**
   * The handshake's deadline until the request arrives, and later the wait for the peer's answer to
   * this side's close frame: never both, the deadline ends with the request.
   */
  private @Nullable ScheduledFuture<?> timer;

  private boolean requested;

  /** The size of the upgrade request's head (see {@link #handshakeRequest}). */
  private int headBytes;

  /**
   * The accepted upgrade until its session opens, which then holds the identity (the decision and
   * its token fingerprint need not stay with an open connection). Set on the event loop, read by
   * any thread ({@link WsgateNetty#token}).
   */
  private volatile Decision.@Nullable Accepted accepted;

  private @Nullable String origin;

  /** Set on the event loop, read by any thread ({@link WsgateNetty#token}). */
  private volatile @Nullable LiveSession live;

  private ConnectionCounter.@Nullable Permit permit;

  /** A connection upgraded without a token, until its first frame authenticated it or it closed. */
  private @Nullable Authenticating<WebSocketFrame> authenticating;

  /** The first close frame's code, sent or received; 0 while none was. */
  private int closeCode;

  private boolean closedByPeer;

  /**
   * Whether a close frame of this side went out: the peer's close frame then completes the closing
   * handshake, and this side closes the connection (never echoing a second close frame).
   */
  private boolean closeSent;

  /**
   * The ticker values of the last read (raw bytes, as they arrive) and the last write of an
   * upgraded connection, when pings are on: written on the event loop, read by the ping sweep.
   */
  private volatile long lastRead;

  private volatile long lastWrite;

  GateHandler(WsgateNetty owner) {
    this.owner = owner;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    context = ctx;
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
    if (timer == null && !requested) {
      timer =
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

  private void cancelTimer() {
    ScheduledFuture<?> d = timer;
    if (d != null) {
      d.cancel(false);
      timer = null; // the task holds the context: nothing of it stays with an open connection
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof CloseWebSocketFrame) { // only after the upgrade: no frame decoder before
      if (closeSent) {
        // the peer answered this side's close frame: the closing handshake is complete. Echoing
        // it would be a second close frame, which a browser fails the connection on (1006); the
        // server closes the connection first (RFC 6455 7.1.1)
        ReferenceCountUtil.release(msg);
        ctx.close();
      } else {
        peerClosed((CloseWebSocketFrame) msg);
      }
      return;
    }
    LiveSession s = live;
    if (s != null) {
      liveRead(ctx, s, msg);
      return;
    }
    if (accepted != null) {
      ctx.fireChannelRead(msg); // the upgrade on its way to the protocol handler
      return;
    }
    Authenticating<WebSocketFrame> a = authenticating;
    if (a != null) {
      unauthenticated(ctx, a, msg);
      return;
    }
    if (requested) {
      ReferenceCountUtil.release(msg); // after the one upgrade request, before its decision
      return;
    }
    requested = true;
    cancelTimer();
    if (!(msg instanceof FullHttpRequest)) {
      ReferenceCountUtil.release(msg);
      refuse(ctx, TransportRefusals.notAnUpgrade());
      return;
    }
    FullHttpRequest request = (FullHttpRequest) msg;
    HandshakeRequest ticket = null;
    Evaluation e;
    try {
      HandshakeRequest hr = handshakeRequest(ctx, request);
      ticket = HttpMethod.GET.equals(request.method()) ? null : ticketRequest(hr);
      e = ticket == null ? begin(request, hr) : beginTicket(request, ticket);
    } catch (RuntimeException unexpected) {
      // the gate never throws; a Netty header accessor might on a malformed request
      e = TransportRefusals.notAnUpgrade();
    }
    HandshakeRequest t = ticket;
    if (e instanceof Decision) {
      decided(ctx, request, t, (Decision) e);
      return;
    }
    // never blocks the event loop: reads pause until the decision arrives, on this event loop
    ctx.channel().config().setAutoRead(false);
    ((PendingVerification) e)
        .verify(owner.verification())
        .thenAccept(d -> ctx.executor().execute(() -> decided(ctx, request, t, d)));
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (live != null && owner.pings()) {
      lastRead = owner.tick();
    }
    ctx.fireChannelReadComplete();
  }

  /** A message of an upgraded connection: in-band refresh frames are the session's. */
  private void liveRead(ChannelHandlerContext ctx, LiveSession s, Object msg) {
    if (msg instanceof TextWebSocketFrame
        && owner.sessions().handledInBand(s, ((TextWebSocketFrame) msg).text())) {
      ReferenceCountUtil.release(msg);
      return;
    }
    ctx.fireChannelRead(msg);
  }

  /**
   * The peer starts the closing handshake: its close frame goes back through the whole pipeline (so
   * the protocol handler refuses any frame after it) and the connection closes once it is written
   * (RFC 6455 5.5.1). This is what Netty's protocol handler does with the handshaker it keeps in a
   * channel attribute; no connection keeps one here ({@link #dropHandshaker}).
   */
  private void peerClosed(CloseWebSocketFrame frame) {
    if (live != null && closeCode == 0) {
      closeCode = codeOf(frame);
    }
    closedByPeer = true;
    channel().writeAndFlush(frame).addListener(ChannelFutureListener.CLOSE);
  }

  /**
   * Forgets the handshaker Netty's protocol handler keeps for the life of the connection (with the
   * attribute holding it, about 150 bytes), once the upgrade request went through the protocol
   * handler: it is only there to answer the peer's close frame, which this handler answers.
   */
  @SuppressWarnings("deprecation") // remove(): the attribute goes, as no one reads it again
  private static void dropHandshaker(Channel channel) {
    channel.attr(HANDSHAKER).remove();
  }

  /**
   * A message of a connection that has not authenticated yet: control frames go on to the protocol
   * handler; a data frame is the first-message steps' (a text frame in one piece may be the
   * authentication frame; anything else ends the wait). A frame held while the token is verified
   * stays referenced until it is delivered or the connection closes.
   */
  private void unauthenticated(
      ChannelHandlerContext ctx, Authenticating<WebSocketFrame> a, Object msg) {
    if (!(msg instanceof TextWebSocketFrame
        || msg instanceof BinaryWebSocketFrame
        || msg instanceof ContinuationWebSocketFrame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    WebSocketFrame frame = (WebSocketFrame) msg;
    Authenticating.Phase before = a.phase();
    if (frame instanceof TextWebSocketFrame && frame.isFinalFragment()) {
      a.text(((TextWebSocketFrame) frame).text(), frame);
    } else {
      a.binary(frame);
    }
    if (before != Authenticating.Phase.VERIFYING || a.phase() != Authenticating.Phase.VERIFYING) {
      frame.release(); // read as the authentication frame, refused, or not held
    }
  }

  private void decided(
      ChannelHandlerContext ctx,
      FullHttpRequest request,
      @Nullable HandshakeRequest ticket,
      Decision d) {
    if (ticket == null) {
      conclude(ctx, request, d);
    } else {
      HttpMethod method = request.method();
      request.release();
      answerTicket(ctx, method, ticket, d);
    }
  }

  /**
   * The request as the gate sees it; the client is the peer, or the address {@code X-Forwarded-For}
   * names when the peer is a trusted proxy. Null for a request Netty could not decode.
   */
  private @Nullable HandshakeRequest handshakeRequest(
      ChannelHandlerContext ctx, FullHttpRequest request) {
    if (request.decoderResult().isFailure()) {
      return null;
    }
    Headers.Builder headers = Headers.builder();
    // the head as sent, counted as every wsgate adapter counts it: request line, header lines and
    // the empty line, each with its CRLF (Netty's decoder limits its parts, without line ends)
    int bytes = request.method().name().length() + request.uri().length() + 14;
    for (Iterator<Map.Entry<String, String>> it = request.headers().iteratorAsString();
        it.hasNext(); ) {
      Map.Entry<String, String> header = it.next();
      headers.add(header.getKey(), header.getValue());
      bytes += header.getKey().length() + header.getValue().length() + 4;
    }
    headBytes = bytes;
    return HandshakeRequest.of(request.uri(), headers.build(), clientAddress(ctx, request));
  }

  private String clientAddress(ChannelHandlerContext ctx, FullHttpRequest request) {
    SocketAddress a = ctx.channel().remoteAddress();
    if (!(a instanceof InetSocketAddress) || ((InetSocketAddress) a).getAddress() == null) {
      return "-";
    }
    InetSocketAddress peer = (InetSocketAddress) a;
    if (owner.proxies().isEmpty()) {
      return peer.getAddress().getHostAddress();
    }
    String forwarded = request.headers().get("X-Forwarded-For");
    return owner.proxies().clientAddress(peer.getAddress(), forwarded == null ? "" : forwarded);
  }

  /** The ticket endpoint's request for {@code {upgrade path}/ticket}; null for other paths. */
  private @Nullable HandshakeRequest ticketRequest(@Nullable HandshakeRequest hr) {
    return hr == null
        ? null
        : TicketEndpoint.asUpgradePath(hr, owner.config().paths()).orElse(null);
  }

  /** A ticket request's first step; a preflight needs no verification: the answer decides it. */
  private Evaluation beginTicket(FullHttpRequest request, HandshakeRequest ticket) {
    return HttpMethod.POST.equals(request.method())
        ? owner.tickets().begin(ticket)
        : TransportRefusals.notAnUpgrade();
  }

  /** The ticket endpoint's answer: a preflight, a ticket, or a refusal with CORS headers. */
  private void answerTicket(
      ChannelHandlerContext ctx, HttpMethod method, HandshakeRequest ticket, Decision d) {
    if (!ctx.channel().isActive()) {
      return;
    }
    HttpAnswer answer =
        HttpMethod.OPTIONS.equals(method)
            ? owner.tickets().preflight(ticket)
            : owner.tickets().answer(d, ticket);
    if (d instanceof Decision.Rejected && HttpMethod.POST.equals(method)) {
      Decision.Rejected r = (Decision.Rejected) d;
      owner.meters().handshake(r.failure(), r.refusal().status(), r.tenant());
    }
    LOG.log(
        Level.DEBUG,
        () ->
            "ticket request method="
                + method
                + " status="
                + answer.status()
                + " remote="
                + address(ctx.channel().remoteAddress()));
    ctx.writeAndFlush(HttpRefusals.response(answer)).addListener(ChannelFutureListener.CLOSE);
  }

  /** The transport's checks, then the gate's first step. */
  private Evaluation begin(FullHttpRequest request, @Nullable HandshakeRequest hr) {
    if (hr == null) {
      return request.decoderResult().cause() instanceof TooLongFrameException
          ? TransportRefusals.tooLarge(owner.config().handshakeMaxBytes())
          : TransportRefusals.notAnUpgrade();
    }
    if (headBytes > owner.config().handshakeMaxBytes()) {
      return TransportRefusals.tooLarge(owner.config().handshakeMaxBytes());
    }
    if (!HttpMethod.GET.equals(request.method())) {
      return TransportRefusals.notAnUpgrade();
    }
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
    Decision decision = d instanceof Decision.Accepted ? admit((Decision.Accepted) d) : d;
    if (decision instanceof Decision.Accepted) {
      Decision.Accepted a = (Decision.Accepted) decision;
      accepted = a;
      owner.meters().handshake(null, 101, a.tenant());
      origin = a.origin().orElse(null);
      selectSubprotocol(request.headers(), a.subprotocol());
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
      dropHandshaker(ctx.channel());
      ctx.channel().config().setAutoRead(true);
      return;
    }
    if (decision instanceof Decision.AwaitingAuthentication) {
      awaitFirstFrame(ctx, request, (Decision.AwaitingAuthentication) decision);
      return;
    }
    request.release();
    refuse(ctx, (Decision.Rejected) decision);
  }

  /**
   * Upgrades a connection without a token, within the pending-authentication caps (429 beyond
   * them); its first frame must authenticate it before the application sees it.
   */
  private void awaitFirstFrame(
      ChannelHandlerContext ctx, FullHttpRequest request, Decision.AwaitingAuthentication d) {
    String client = clientAddress(ctx, request);
    Optional<PendingAuthentications.Slot> slot = owner.pending().acquire(client);
    if (slot.isEmpty()) {
      request.release();
      refuse(ctx, PendingAuthentications.refusal(d.tenant()));
      return;
    }
    owner.meters().handshake(null, 101, d.tenant());
    origin = d.origin();
    selectSubprotocol(request.headers(), d.subprotocol());
    Authenticating<WebSocketFrame> a =
        new Authenticating<>(
            owner.firstMessage(),
            d,
            client,
            slot.get(),
            new FirstFrameLink(ctx, client, d.tenant()),
            ctx.executor());
    authenticating = a;
    LOG.log(
        Level.DEBUG,
        () ->
            "handshake awaiting-authentication tenant="
                + d.tenant()
                + " remote="
                + address(ctx.channel().remoteAddress()));
    ctx.fireChannelRead(request);
    dropHandshaker(ctx.channel());
    ctx.channel().config().setAutoRead(true);
    a.awaitFirstFrame(ctx.executor());
  }

  private static void selectSubprotocol(HttpHeaders h, Optional<String> selected) {
    if (selected.isPresent()) {
      h.set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, selected.get());
    } else {
      h.remove(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
    }
  }

  /** The channel as the first-message steps see it; every call runs on its event loop. */
  private final class FirstFrameLink implements Authenticating.Connection<WebSocketFrame> {
    private final ChannelHandlerContext ctx;
    private final String client;
    private final String tenant;

    FirstFrameLink(ChannelHandlerContext ctx, String client, String tenant) {
      this.ctx = ctx;
      this.client = client;
      this.tenant = tenant;
    }

    @Override
    public boolean isOpen() {
      return ctx.channel().isActive();
    }

    @Override
    public void close(int code, String reason) {
      GateHandler.this.close(code, reason);
    }

    @Override
    public void send(String text) {
      ctx.channel().writeAndFlush(new TextWebSocketFrame(text));
    }

    @Override
    public void admit(Decision.Accepted a, ConnectionCounter.Permit p) {
      permit = p;
      accepted = a;
    }

    @Override
    public void open(Decision.Accepted a) {
      opened(ctx, a);
    }

    @Override
    public void deliver(WebSocketFrame message) {
      LiveSession s = live;
      if (s == null) {
        message.release();
      } else {
        liveRead(ctx, s, message);
      }
    }

    @Override
    public void logged(String fingerprint, @Nullable Failure failure, int code) {
      LOG.log(
          Level.DEBUG,
          () ->
              "session authenticated remote="
                  + client
                  + " tenant="
                  + tenant
                  + " token="
                  + fingerprint
                  + (failure == null ? "" : " failure=" + failure + " close=" + code));
    }
  }

  /** The accepted upgrade with its share of the connection limits, or the 429 refusing it. */
  private Decision admit(Decision.Accepted a) {
    ConnectionCounter.Outcome o = owner.connections().acquire(a.tenant(), a.token().subject());
    if (o.permit().isPresent()) {
      permit = o.permit().get();
      return a;
    }
    return new Decision.Rejected(
        Failure.RATE_LIMITED, o.refusal(), a.tenant(), a.tokenFingerprint());
  }

  private void refuse(ChannelHandlerContext ctx, Decision.Rejected rejected) {
    requested = true;
    cancelTimer();
    owner.meters().handshake(rejected.failure(), rejected.refusal().status(), rejected.tenant());
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
    if (live != null && owner.pings()) {
      lastWrite = owner.tick();
    }
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
    if (msg instanceof CloseWebSocketFrame && !closeSent && !closedByPeer) {
      if (live != null && closeCode == 0) {
        closeCode = codeOf((CloseWebSocketFrame) msg);
      }
      closeSent = true;
      // the connection stays open for the peer's answer (the close frame must reach it before
      // the connection ends), but not forever
      cancelTimer();
      timer =
          ctx.executor()
              .schedule(
                  () -> {
                    ctx.close();
                  },
                  NettyGateConfig.CLOSE_ANSWER_TIMEOUT.toNanos(),
                  TimeUnit.NANOSECONDS);
    }
    ctx.write(msg, promise);
  }

  /** A close frame's code; 1005 (no status) for one without. */
  private static int codeOf(CloseWebSocketFrame frame) {
    int code = frame.statusCode();
    return code < 0 ? WebSocketCloseStatus.EMPTY.code() : code;
  }

  private void opened(ChannelHandlerContext ctx, Decision.Accepted a) {
    if (owner.pings()) {
      long now = owner.tick();
      lastRead = now;
      lastWrite = now;
    }
    LiveSession s = owner.sessions().open(this, a.token(), origin);
    live = s;
    accepted = null;
    owner.meters().opened(a.tenant());
    if (!ctx.channel().isActive()) {
      // closed before the session existed: channelInactive found none to close
      owner.sessions().closed(s);
      owner.meters().closed(a.tenant(), LOST, true);
    }
  }

  /** The identity of the session, or of the accepted upgrade before the 101; empty before both. */
  Optional<VerifiedToken> token() {
    LiveSession s = live;
    if (s != null) {
      return Optional.of(s.token());
    }
    Decision.Accepted a = accepted;
    return a == null ? Optional.empty() : Optional.of(a.token());
  }

  /** Sends a text frame through the whole pipeline; any thread. */
  @Override
  public void send(String text) {
    Channel ch = channel();
    if (ch.isActive()) {
      ch.writeAndFlush(new TextWebSocketFrame(text));
    }
  }

  /**
   * Sends the close frame through the whole pipeline; any thread. The connection ends when the peer
   * answers it, or {@link NettyGateConfig#CLOSE_ANSWER_TIMEOUT} after it was written ({@link
   * #write}). Closing at once would end the connection under a peer still answering: its close
   * frame then meets a reset, and a browser may report 1006 instead of the code sent.
   */
  @Override
  public void close(int code, String reason) {
    Channel ch = channel();
    if (ch.isActive()) {
      ch.writeAndFlush(new CloseWebSocketFrame(code, reason));
    }
  }

  private Channel channel() {
    ChannelHandlerContext ctx = context;
    if (ctx == null) {
      throw new IllegalStateException("not in a pipeline");
    }
    return ctx.channel();
  }

  /**
   * The ping sweep's look at this upgraded connection at ticker value {@code now}, from the timer
   * thread: when a ping or the dead-peer close may be due, {@link #idle} decides on the event loop.
   */
  void idleCheck(long now) {
    long read = lastRead;
    if (now - read >= owner.deadNanos() || now - Math.max(read, lastWrite) >= owner.pingNanos()) {
      ChannelHandlerContext ctx = context;
      if (ctx != null) {
        ctx.executor().execute(() -> idle(now));
      }
    }
  }

  /**
   * Closes a connection that sent nothing for 1.5 ping intervals before the sweep's {@code now}
   * (its peer is gone), or pings one silent both ways for a ping interval; a read or write since
   * the sweep looked counts. The ping and the close go through the whole pipeline, as an
   * application's would.
   */
  private void idle(long now) {
    Channel ch = channel();
    if (!ch.isActive() || closeSent) {
      return;
    }
    if (now - lastRead >= owner.deadNanos()) {
      ch.close();
    } else if (now - Math.max(lastRead, lastWrite) >= owner.pingNanos()) {
      ch.writeAndFlush(new PingWebSocketFrame());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelTimer();
    Authenticating<WebSocketFrame> a = authenticating;
    if (a != null) {
      authenticating = null;
      a.closed();
      a.discardHeld().forEach(ReferenceCountUtil::release);
    }
    LiveSession s = live;
    if (s != null) {
      owner.sessions().closed(s);
      // no close frame either way: the connection was lost (1006), seen from the peer's side
      owner
          .meters()
          .closed(s.tenant(), closeCode == 0 ? LOST : closeCode, closeCode == 0 || closedByPeer);
    }
    ConnectionCounter.Permit p = permit;
    if (p != null) {
      p.release();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof CorruptedWebSocketFrameException) {
      // a frame the decoder refused (too large: 1009; malformed: 1002): one close frame, through
      // the protocol handler so that nothing follows it, then the connection ends (the decoder
      // reads no more, so no answer would come)
      CorruptedWebSocketFrameException e = (CorruptedWebSocketFrameException) cause;
      if (ctx.channel().isActive() && !closeSent) {
        ctx.channel()
            .writeAndFlush(new CloseWebSocketFrame(e.closeStatus(), e.closeStatus().reasonText()))
            .addListener(ChannelFutureListener.CLOSE);
      } else {
        ctx.close();
      }
      return;
    }
    if (accepted == null && live == null) {
      LOG.log(Level.DEBUG, () -> "upgrade error " + cause.getClass().getName());
      ctx.close();
      return;
    }
    ctx.fireExceptionCaught(cause);
  }
}
