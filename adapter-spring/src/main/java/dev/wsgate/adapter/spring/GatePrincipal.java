package dev.wsgate.adapter.spring;

import dev.wsgate.spi.VerifiedToken;
import java.security.Principal;
import java.util.Objects;

/**
 * The verified subject as the session's {@link Principal}: {@code getName()} is the token's
 * subject, {@link #token()} the whole identity (as of the upgrade).
 *
 * @param token the identity the gate verified
 */
public record GatePrincipal(VerifiedToken token) implements Principal {
  /** Validates the component. */
  public GatePrincipal {
    Objects.requireNonNull(token, "token");
  }

  @Override
  public String getName() {
    return token.subject();
  }

  /** The subject and provider only, never claims. */
  @Override
  public String toString() {
    return "GatePrincipal[" + token.subject() + " via " + token.providerId() + "]";
  }
}
