package dev.wsgate.gate;

import dev.wsgate.internal.JsonObjects;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.VerifiedToken;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The frames of in-band token refresh, the same on every adapter: a text message {@code
 * {"type":"wsgate.refresh","token":"…"}} replaces an open connection's token before it expires
 * (judged by {@link HandshakeGate#refresh}), and the client gets {@code
 * {"type":"wsgate.refreshed","exp":<epoch seconds>}}; a refused refresh closes the connection with
 * {@link #closeCode} and {@link #closeReason} (DESIGN.md: expiry, revocation and a failed refresh
 * close open sockets). Stateless and thread-safe.
 */
public final class RefreshFrames {
  /** The {@code type} of a refresh frame. */
  public static final String TYPE = "wsgate.refresh";

  /** The close reason of a refresh frame that is not one: JSON without a string token. */
  public static final String MALFORMED = "refresh refused: malformed refresh frame";

  private static final Pattern REFRESH_PREFIX =
      Pattern.compile("\\{\\s*\"type\"\\s*:\\s*\"wsgate\\.refresh\"");

  private RefreshFrames() {}

  /**
   * The token of a refresh frame: empty for any other message, an empty string for a malformed
   * refresh frame (no string token, or a frame that opens like a refresh but is not JSON), which
   * the adapter closes with 4001 rather than passing it to the application.
   */
  public static Optional<String> tokenOf(String text) {
    try {
      return JsonObjects.tokenOfFrame(text, TYPE);
    } catch (JsonObjects.MalformedJson e) {
      return REFRESH_PREFIX.matcher(text.trim()).lookingAt() ? Optional.of("") : Optional.empty();
    }
  }

  /**
   * The close code of a refused refresh: the 401 family's own (4001, or 4002 for an expired token);
   * any other client mistake is 4001 too, as the client must start over; trouble on the server's
   * side (provider unavailable, internal error) keeps its table code so that the client retries.
   */
  public static int closeCode(Failure failure) {
    int status = failure.httpStatus();
    if (status == 401) {
      return failure.closeCode();
    }
    return status >= 400 && status < 500
        ? Failure.MALFORMED_TOKEN.closeCode()
        : failure.closeCode();
  }

  /** The close reason of a refresh refused with {@code failure}. */
  public static String closeReason(Failure failure) {
    return "refresh refused: " + failure.logReason();
  }

  /** The acknowledgement sent after a successful refresh. */
  public static String refreshed(VerifiedToken token) {
    return "{\"type\":\"wsgate.refreshed\",\"exp\":"
        + token.expiresAt().map(Instant::getEpochSecond).map(String::valueOf).orElse("null")
        + "}";
  }
}
