package dev.wsgate.internal.firstmessage;

import dev.wsgate.internal.JsonObjects;
import dev.wsgate.spi.VerifiedToken;
import java.time.Instant;
import java.util.Optional;

/**
 * The frames of first-message authentication (the {@code message} extractor): the connection's
 * first frame must be {@code {"type":"wsgate.auth","token":"…"}}, and an accepted token is answered
 * {@code {"type":"wsgate.authenticated","exp":<epoch seconds>}} before anything reaches the
 * application. The token is judged by {@link dev.wsgate.gate.HandshakeGate#authenticate}; a refusal
 * closes with {@link dev.wsgate.gate.RefreshFrames#closeCode}, as a refused refresh does.
 */
public final class FirstMessage {
  /** The {@code type} of an authentication frame. */
  public static final String TYPE = "wsgate.auth";

  /** The close reason of a connection that did not authenticate: no frame in time, or another. */
  public static final String REQUIRED = "authentication required";

  private FirstMessage() {}

  /**
   * The token of an authentication frame; empty for any other frame (which ends the connection),
   * and an empty token for an authentication frame without a string token.
   */
  public static Optional<String> tokenOf(String text) {
    try {
      return JsonObjects.tokenOfFrame(text, TYPE);
    } catch (JsonObjects.MalformedJson e) {
      return Optional.empty();
    }
  }

  /** The acknowledgement of an accepted authentication frame. */
  public static String authenticated(VerifiedToken token) {
    return "{\"type\":\"wsgate.authenticated\",\"exp\":"
        + token.expiresAt().map(Instant::getEpochSecond).map(String::valueOf).orElse("null")
        + "}";
  }
}
