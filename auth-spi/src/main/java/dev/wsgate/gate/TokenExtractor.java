package dev.wsgate.gate;

import dev.wsgate.spi.AuthenticationException;
import java.util.Optional;

/**
 * Finds the token in one place of an upgrade request. Built-ins come from {@link TokenExtractors}.
 *
 * <p>Implementations are thread-safe and pure: no I/O, no state. They return empty when their
 * source carries no token, and throw {@link AuthenticationException} with {@code BAD_REQUEST} or
 * {@code AMBIGUOUS_TOKEN} when the source is malformed or carries several different tokens. The
 * gate converts any other exception into a rejection.
 */
public interface TokenExtractor {

  /** The extractor's name as written in {@code wsgate.extractors}: query, cookie, subprotocol… */
  String name();

  /**
   * Whether a browser can put a token in this source. Only tokens from sources a browser cannot set
   * (the {@code Authorization} header) may skip the {@code Origin} check when {@code allow-missing}
   * is set.
   */
  default boolean browserCanSend() {
    return true;
  }

  /**
   * The token this source carries.
   *
   * @return the token, or empty when the source is absent or empty
   * @throws AuthenticationException when the source is malformed or ambiguous
   */
  Optional<String> extract(HandshakeRequest request) throws AuthenticationException;
}
