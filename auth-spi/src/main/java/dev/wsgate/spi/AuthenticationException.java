package dev.wsgate.spi;

import java.util.Objects;

/**
 * A token was not accepted, for the reason given by {@link #failure()}.
 *
 * <p>The message is shown to clients (in the HTTP body of a rejected upgrade or a close reason): it
 * must never contain the token, a key, a secret or anything else a client did not already know. A
 * failure is an expected outcome that an attacker can make frequent, so this exception carries no
 * stack trace; a cause may be attached for diagnostics and is never shown to a client.
 */
public final class AuthenticationException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Failure failure;

  /** A rejection with the failure's default phrase as its message. */
  public AuthenticationException(Failure failure) {
    this(failure, Objects.requireNonNull(failure, "failure").logReason());
  }

  /** A rejection with a client-safe message. */
  public AuthenticationException(Failure failure, String safeMessage) {
    this(failure, safeMessage, null);
  }

  /** A rejection with a client-safe message and a cause kept for server-side diagnostics. */
  public AuthenticationException(Failure failure, String safeMessage, Throwable cause) {
    super(Objects.requireNonNull(safeMessage, "safeMessage"), cause, false, false);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  /** Why the token was rejected. */
  public Failure failure() {
    return failure;
  }
}
