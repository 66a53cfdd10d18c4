package dev.wsgate.adapter.jetty;

import dev.wsgate.spi.VerifiedToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
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

  /** {@code request} as the WebSocket container sees it: authenticated as this principal. */
  HttpServletRequest attachTo(HttpServletRequest request) {
    return new HttpServletRequestWrapper(request) {
      @Override
      public Principal getUserPrincipal() {
        return GatePrincipal.this;
      }
    };
  }

  /** The subject and provider only, never claims. */
  @Override
  public String toString() {
    return "GatePrincipal[" + token.subject() + " via " + token.providerId() + "]";
  }
}
