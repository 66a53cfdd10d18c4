package dev.wsgate.session;

import dev.wsgate.spi.Failure;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link SessionRegistry} tells its adapter, for logs and metrics: called on the thread that
 * concluded the step, after the session's state changed and before the client is answered. Methods
 * must not block nor throw; every default does nothing.
 */
public interface SessionEvents {

  /** Nothing: the registry's default. */
  SessionEvents NONE = new SessionEvents() {};

  /**
   * An in-band refresh was judged.
   *
   * @param fingerprint the new token's fingerprint ({@code -} for a malformed refresh frame)
   * @param failure null when the refresh was accepted
   * @param closeCode the close code sent when refused, 0 when accepted
   */
  default void refreshed(
      LiveSession session, String fingerprint, @Nullable Failure failure, int closeCode) {}

  /** The revocation sweep found the session's token or subject revoked; it is closed with 4001. */
  default void revoked(LiveSession session) {}
}
