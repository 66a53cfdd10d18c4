package dev.wsgate.adapter.jetty;

import dev.wsgate.spi.VerifiedToken;
import java.security.Principal;
import java.util.Objects;

/**
 * The verified subject as a {@link Principal}, so that {@code Session.getUserPrincipal()} names who
 * connected.
 */
record GatePrincipal(VerifiedToken token) implements Principal {
  GatePrincipal {
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
