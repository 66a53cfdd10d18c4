package dev.wsgate.adapter.javawebsocket.internal.upgrade;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.HandshakeState;
import org.java_websocket.enums.Opcode;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.exceptions.LimitExceededException;
import org.java_websocket.extensions.DefaultExtension;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.HandshakeBuilder;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * RFC 6455 with wsgate's answers. Java-WebSocket always writes {@code 101} for a handshake response
 * and {@code 404 WebSocket Upgrade Failure} for a request no draft accepts; this draft instead lets
 * every parsable-or-not request reach the server's handshake hook (so that the hook decides the
 * status) and writes an {@link HttpRefusal} verbatim. Requests are parsed by {@link
 * UpgradeRequest}, not by Java-WebSocket's parser, and only once: a connection that parsed its
 * request ahead of the library ({@link GatedWebSocket}) hands it over. One instance per connection
 * ({@link #boundTo}), used by one thread at a time.
 */
public final class GateDraft extends Draft_6455 {
  /** Only ever cloned, never used: its state stays empty. */
  private static final MessageDigest SHA1 = newSha1();

  private final int maxFrameBytes;
  private final @Nullable GatedWebSocket owner;
  private boolean parsed = true;
  private boolean refused;
  private long messageBytes;

  public GateDraft(int maxFrameBytes) {
    this(maxFrameBytes, null);
  }

  private GateDraft(int maxFrameBytes, @Nullable GatedWebSocket owner) {
    // Protocol("") accepts any offer without echoing one: the gate picks the subprotocol
    super(List.of(new DefaultExtension()), List.<IProtocol>of(new Protocol("")), maxFrameBytes);
    this.maxFrameBytes = maxFrameBytes;
    this.owner = owner;
  }

  /** This draft for one connection, which may hand over the request it parsed ahead. */
  GateDraft boundTo(GatedWebSocket connection) {
    return new GateDraft(maxFrameBytes, connection);
  }

  /** Whether the request parsed as an HTTP/1.1 GET with headers. */
  boolean parsed() {
    return parsed;
  }

  /**
   * Java-WebSocket copies a draft for every connection it decodes; a draft bound to a connection
   * already is that connection's own, so it is its own copy (one {@link Draft_6455}, with its
   * {@code SecureRandom} and buffers, per connection instead of two).
   */
  @Override
  public Draft copyInstance() {
    return owner == null ? new GateDraft(maxFrameBytes, null) : this;
  }

  @Override
  public Handshakedata translateHandshake(ByteBuffer buf) throws InvalidHandshakeException {
    parsed = true;
    refused = false;
    UpgradeRequest.Ahead ahead = owner == null ? null : owner.takeParsedAhead();
    UpgradeRequest reused = ahead == null ? null : UpgradeRequest.reuse(ahead, buf);
    if (reused != null) {
      return reused;
    }
    try {
      return UpgradeRequest.parse(buf);
    } catch (InvalidHandshakeException e) {
      // not GET, not HTTP/1.1, or a line that is no header: answered 400 by the hook
      parsed = false;
      buf.position(buf.limit());
      return UpgradeRequest.UNPARSABLE;
    }
  }

  @Override
  public HandshakeState acceptHandshakeAsServer(ClientHandshake request)
      throws InvalidHandshakeException {
    // the hook answers a wrong version (426) or an unparsable request (400) itself
    // a ticket request (POST, OPTIONS) is no upgrade: the hook answers it
    boolean get =
        !(request instanceof UpgradeRequest) || ((UpgradeRequest) request).method().equals("GET");
    if (parsed && get && "13".equals(request.getFieldValue("Sec-WebSocket-Version").trim())) {
      if (super.acceptHandshakeAsServer(request) != HandshakeState.MATCHED) {
        parsed = false;
      }
    }
    return HandshakeState.MATCHED;
  }

  @Override
  public HandshakeBuilder postProcessHandshakeResponseAsServer(
      ClientHandshake request, ServerHandshakeBuilder response) throws InvalidHandshakeException {
    if (response instanceof HttpRefusal) {
      refused = true;
      if (owner != null) {
        owner.refusing();
      }
      return response;
    }
    if (!(response instanceof SwitchingProtocols)) {
      throw new InvalidHandshakeException("not an answer of the gate's server");
    }
    String key = request.getFieldValue("Sec-WebSocket-Key");
    if (key.isBlank()) {
      throw new InvalidHandshakeException("missing Sec-WebSocket-Key");
    }
    // the library's version also writes Date (optional on a 1xx, RFC 9110 §6.6.1, and costly to
    // format per handshake) and a Server header naming the library (nothing a client needs)
    ((SwitchingProtocols) response).accept(acceptKey(key));
    return response;
  }

  /** RFC 6455 §4.2.2: base64 of the SHA-1 of the client's key and the protocol's GUID. */
  static String acceptKey(String clientKey) {
    byte[] digest =
        sha1()
            .digest(
                (clientKey.trim() + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                    .getBytes(StandardCharsets.US_ASCII));
    return Base64.getEncoder().encodeToString(digest);
  }

  /** A fresh SHA-1 digest: a clone of {@link #SHA1}, without a provider lookup per handshake. */
  private static MessageDigest sha1() {
    try {
      return (MessageDigest) SHA1.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JVM's SHA-1 cannot be cloned", e);
    }
  }

  private static MessageDigest newSha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }

  @Override
  public List<ByteBuffer> createHandshake(Handshakedata handshake, boolean withContent) {
    if (handshake instanceof SwitchingProtocols) {
      return List.of(ByteBuffer.wrap(((SwitchingProtocols) handshake).bytes()));
    }
    if (handshake instanceof HttpRefusal) {
      return List.of(ByteBuffer.wrap(((HttpRefusal) handshake).bytes()));
    }
    return super.createHandshake(handshake, withContent);
  }

  /**
   * Java-WebSocket checks {@code maxFrameSize} per frame and for the final fragment, but lets the
   * fragments before it pile up without limit (upstream #1508): count them here.
   */
  @Override
  public void processFrame(WebSocketImpl conn, Framedata frame) throws InvalidDataException {
    Opcode op = frame.getOpcode();
    if (op == Opcode.TEXT || op == Opcode.BINARY || op == Opcode.CONTINUOUS) {
      messageBytes =
          (op == Opcode.CONTINUOUS ? messageBytes : 0) + frame.getPayloadData().remaining();
      if (messageBytes > maxFrameBytes) {
        messageBytes = 0;
        throw new LimitExceededException(
            "message exceeds " + maxFrameBytes + " bytes", maxFrameBytes);
      }
      if (frame.isFin()) {
        messageBytes = 0;
      }
    }
    super.processFrame(conn, frame);
  }

  @Override
  public List<Framedata> translateFrame(ByteBuffer buffer) throws InvalidDataException {
    if (refused) {
      // bytes sent after a refused upgrade are never frames of ours
      buffer.position(buffer.limit());
      return List.of();
    }
    return super.translateFrame(buffer);
  }
}
