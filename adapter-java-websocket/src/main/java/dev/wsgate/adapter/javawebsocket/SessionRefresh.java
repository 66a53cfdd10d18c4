package dev.wsgate.adapter.javawebsocket;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.VerifiedToken;
import java.text.ParseException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The frames of in-band token refresh ({@code wsgate.session.refresh=true}): a text message {@code
 * {"type":"wsgate.refresh","token":"…"}} replaces the connection's token before it expires, and the
 * client gets {@code {"type":"wsgate.refreshed","exp":<epoch seconds>}}. The token is judged by the
 * gate ({@link dev.wsgate.gate.HandshakeGate#refresh}: the checks of an upgrade's token, and the
 * same subject and issuer); a refused refresh closes the connection with {@link #closeCode}
 * (DESIGN.md: expiry, revocation and failed refresh close open sockets).
 */
final class SessionRefresh {
  static final String TYPE = "wsgate.refresh";

  private static final Pattern REFRESH_PREFIX =
      Pattern.compile("\\{\\s*\"type\"\\s*:\\s*\"wsgate\\.refresh\"");

  /** The close reason of a refresh frame that is not one: JSON without a string token. */
  static final String MALFORMED = "refresh refused: malformed refresh frame";

  private SessionRefresh() {}

  /** The token of a refresh message; empty for any other message. */
  static Optional<String> tokenOf(String text) {
    String t = text.trim();
    if (!t.startsWith("{") || !t.contains(TYPE)) {
      return Optional.empty();
    }
    try {
      Map<String, Object> json = JSONObjectUtils.parse(t);
      if (!TYPE.equals(json.get("type"))) {
        return Optional.empty();
      }
      Object token = json.get("token");
      return Optional.of(token instanceof String ? (String) token : "");
    } catch (ParseException e) {
      // a frame that opens like a refresh but is not JSON is a malformed refresh (closed with
      // 4001), never an application message
      return REFRESH_PREFIX.matcher(t).lookingAt() ? Optional.of("") : Optional.empty();
    }
  }

  /**
   * The close code of a refused refresh: the 401 family's own (4001, or 4002 for an expired token);
   * a malformed refresh frame is 4001 too, as the client must start over; trouble on our side
   * (provider unavailable, internal error) keeps its table code so that the client retries.
   */
  static int closeCode(Failure failure) {
    int status = failure.httpStatus();
    if (status == 401) {
      return failure.closeCode();
    }
    return status >= 400 && status < 500
        ? Failure.MALFORMED_TOKEN.closeCode()
        : failure.closeCode();
  }

  /** The acknowledgement sent after a successful refresh. */
  static String refreshed(VerifiedToken token) {
    return "{\"type\":\"wsgate.refreshed\",\"exp\":"
        + token.expiresAt().map(Instant::getEpochSecond).map(String::valueOf).orElse("null")
        + "}";
  }
}
