package dev.wsgate.adapter.javawebsocket.internal.upgrade;

import dev.wsgate.gate.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import org.java_websocket.exceptions.IncompleteHandshakeException;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.handshake.ClientHandshake;
import org.jspecify.annotations.Nullable;

/**
 * The head of an upgrade request (RFC 9112 §2-§5), parsed in one pass over the received bytes into
 * the {@link Headers} the gate reads.
 *
 * <p>Java-WebSocket's own parser is not used: it allocates a buffer the size of the rest of the
 * request for every line and compiles a regular expression for every header, joins repeated fields
 * with {@code "; "}, and takes what RFC 9112 tells a server to refuse: whitespace before the colon
 * (§5.1), folded lines (§5.2), a bare CR or LF or another control character inside a line. Those
 * are refused here; the request is then answered 400. The method must be {@code GET} ({@code POST}
 * and {@code OPTIONS} are parsed for the ticket endpoint) and the version {@code HTTP/1.1}, as
 * written (§3, §2.3); leading and trailing spaces and tabs of a value are dropped (§5.1); a byte
 * above 0x7F in a value reads as U+FFFD, as in Java-WebSocket. Immutable.
 */
public final class UpgradeRequest implements ClientHandshake {
  /** What a request that does not parse is replaced with (the handshake hook answers it 400). */
  static final UpgradeRequest UNPARSABLE = new UpgradeRequest("GET", "/", Headers.empty());

  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final byte[] GET = "GET ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] POST = "POST ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OPTIONS = "OPTIONS ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HTTP_11 = " HTTP/1.1".getBytes(StandardCharsets.US_ASCII);

  /** RFC 9110 §5.6.2 {@code tchar}: the bytes a field name is made of. */
  private static final boolean[] TCHAR = new boolean[128];

  static {
    for (char c : "!#$%&'*+-.^_`|~0123456789".toCharArray()) {
      TCHAR[c] = true;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      TCHAR[c] = true;
      TCHAR[Character.toUpperCase(c)] = true;
    }
  }

  private final String method;
  private final String target;
  private final Headers headers;

  private UpgradeRequest(String method, String target, Headers headers) {
    this.method = method;
    this.target = target;
    this.headers = headers;
  }

  /** {@code GET}, {@code POST} or {@code OPTIONS}. */
  public String method() {
    return method;
  }

  /**
   * Parses the request head at {@code buf}'s position and moves the position past it (to the
   * client's first frame, if it sent one already).
   *
   * @throws IncompleteHandshakeException when the head has not arrived in full (Java-WebSocket then
   *     keeps the bytes and calls again with more)
   * @throws InvalidHandshakeException when a complete line of the head is malformed
   */
  static UpgradeRequest parse(ByteBuffer buf) throws InvalidHandshakeException {
    byte[] a;
    int start;
    int limit;
    if (buf.hasArray()) {
      a = buf.array();
      start = buf.arrayOffset() + buf.position();
      limit = buf.arrayOffset() + buf.limit();
    } else {
      a = new byte[buf.remaining()];
      buf.duplicate().get(a);
      start = 0;
      limit = a.length;
    }
    int eol = lineEnd(a, start, limit, buf);
    byte[] method = method(a, start, eol);
    String target = requestTarget(a, start, eol, method.length);
    Headers.Builder fields = Headers.builder();
    int p = eol + 2;
    while (true) {
      eol = lineEnd(a, p, limit, buf);
      if (eol == p) {
        break;
      }
      field(a, p, eol, fields);
      p = eol + 2;
    }
    buf.position(buf.position() + (eol + 2 - start));
    return new UpgradeRequest(
        new String(method, 0, method.length - 1, StandardCharsets.US_ASCII),
        target,
        fields.build());
  }

  /**
   * A request parsed ahead of Java-WebSocket, and a view of the head's bytes it was parsed from.
   */
  record Ahead(UpgradeRequest request, ByteBuffer head) {}

  /**
   * Parses the request head at {@code buf}'s position without moving it.
   *
   * @return the request and its head's bytes (a view into {@code buf})
   * @throws IncompleteHandshakeException when the head has not arrived in full
   * @throws InvalidHandshakeException when a complete line of the head is malformed
   */
  static Ahead parseAhead(ByteBuffer buf) throws InvalidHandshakeException {
    ByteBuffer view = buf.duplicate();
    UpgradeRequest request = parse(view);
    ByteBuffer head = buf.duplicate();
    head.limit(view.position());
    return new Ahead(request, head);
  }

  /**
   * The request {@code ahead} holds when {@code buf} starts with the same head bytes, moving the
   * position past them as {@link #parse} does; null otherwise.
   */
  static @Nullable UpgradeRequest reuse(Ahead ahead, ByteBuffer buf) {
    int n = ahead.head().remaining();
    if (buf.remaining() < n) {
      return null;
    }
    ByteBuffer start = buf.duplicate();
    start.limit(start.position() + n);
    if (!start.equals(ahead.head())) {
      return null;
    }
    buf.position(buf.position() + n);
    return ahead.request();
  }

  /**
   * The index of the CR of the CRLF that ends the line at {@code from}. A bare LF ends no line here
   * (RFC 9112 §2.2 lets a recipient refuse it): the request is refused at once instead of waiting
   * for a CRLF that a client writing bare LFs never sends.
   */
  private static int lineEnd(byte[] a, int from, int limit, ByteBuffer buf)
      throws InvalidHandshakeException {
    for (int i = from; i < limit; i++) {
      if (a[i] == LF) {
        if (i > from && a[i - 1] == CR) {
          return i - 1;
        }
        throw new InvalidHandshakeException("a line of the request ends in a bare LF");
      }
    }
    throw new IncompleteHandshakeException(buf.capacity() + 128);
  }

  /** The request line's method and the space after it: GET, or POST or OPTIONS (tickets). */
  private static byte[] method(byte[] a, int from, int eol) throws InvalidHandshakeException {
    for (byte[] m : new byte[][] {GET, POST, OPTIONS}) {
      if (startsWith(a, from, eol, m)) {
        return m;
      }
    }
    throw new InvalidHandshakeException("not an HTTP/1.1 GET request line");
  }

  /** {@code method SP request-target SP HTTP/1.1}: the target. */
  private static String requestTarget(byte[] a, int from, int eol, int methodLength)
      throws InvalidHandshakeException {
    int end = eol - HTTP_11.length;
    if (end <= from + methodLength || !startsWith(a, end, eol, HTTP_11)) {
      throw new InvalidHandshakeException("not an HTTP/1.1 GET request line");
    }
    for (int i = from + methodLength; i < end; i++) {
      if (a[i] <= ' ' || a[i] == 0x7f) { // also every byte above 0x7f (negative)
        throw new InvalidHandshakeException("not an HTTP/1.1 GET request line");
      }
    }
    return new String(a, from + methodLength, end - from - methodLength, StandardCharsets.US_ASCII);
  }

  /** {@code field-name ":" OWS field-value OWS}, added to {@code fields}. */
  private static void field(byte[] a, int from, int eol, Headers.Builder fields)
      throws InvalidHandshakeException {
    int colon = from;
    while (colon < eol && a[colon] >= 0 && TCHAR[a[colon]]) {
      colon++;
    }
    if (colon == from || colon == eol || a[colon] != ':') {
      throw new InvalidHandshakeException("not an HTTP header field");
    }
    int v = colon + 1;
    int end = eol;
    while (v < end && isBlank(a[v])) {
      v++;
    }
    while (end > v && isBlank(a[end - 1])) {
      end--;
    }
    for (int i = v; i < end; i++) {
      byte b = a[i];
      if ((b >= 0 && b < ' ' && b != '\t') || b == 0x7f) {
        throw new InvalidHandshakeException("control character in an HTTP header field");
      }
    }
    fields.add(
        new String(a, from, colon - from, StandardCharsets.US_ASCII),
        new String(a, v, end - v, StandardCharsets.US_ASCII));
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\t';
  }

  private static boolean startsWith(byte[] a, int from, int limit, byte[] prefix) {
    if (limit - from < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (a[from + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** Every field as received. */
  Headers headers() {
    return headers;
  }

  @Override
  public String getResourceDescriptor() {
    return target;
  }

  /** The values of {@code name} joined with {@code ", "} (RFC 9110 §5.3); empty when absent. */
  @Override
  public String getFieldValue(String name) {
    List<String> values = headers.all(name);
    return values.isEmpty() ? "" : values.size() == 1 ? values.get(0) : String.join(", ", values);
  }

  @Override
  public boolean hasFieldValue(String name) {
    return headers.first(name).isPresent();
  }

  @Override
  public Iterator<String> iterateHttpFields() {
    return headers.names().iterator();
  }

  /** An upgrade request has no body. */
  @Override
  public byte[] getContent() {
    return new byte[0];
  }
}
