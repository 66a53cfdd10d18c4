package dev.wsgate.adapter.spring;

import dev.wsgate.spi.VerifiedToken;
import java.security.Principal;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The verified identity as Spring Security's {@link
 * org.springframework.security.core.Authentication}, the session's principal when Spring Security
 * is on the class path: {@code getPrincipal()} is the {@link VerifiedToken} (so
 * {@code @AuthenticationPrincipal VerifiedToken token} resolves, as Spring Security's own JWT
 * authentication holds its {@code Jwt}), {@code getName()} the token's subject, the authorities
 * {@code SCOPE_<scope>} for each of the token's scopes (as Spring Security's own resource server
 * names them). The credentials are empty: the token itself never leaves the gate.
 */
public final class GateAuthentication extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;

  private final VerifiedToken token;

  /** An authenticated token for the identity the gate verified. */
  public GateAuthentication(VerifiedToken token) {
    super(authorities(token));
    this.token = token;
    setAuthenticated(true);
  }

  /** Kept apart so that callers load this class only when Spring Security is present. */
  static Principal of(VerifiedToken token) {
    return new GateAuthentication(token);
  }

  private static List<GrantedAuthority> authorities(VerifiedToken token) {
    return token.scopes().stream()
        .sorted()
        .<GrantedAuthority>map(s -> new SimpleGrantedAuthority("SCOPE_" + s))
        .toList();
  }

  @Override
  public VerifiedToken getPrincipal() {
    return token;
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public String getName() {
    return token.subject();
  }

  /** The subject and provider only, never claims. */
  @Override
  public String toString() {
    return "GateAuthentication[" + token.subject() + " via " + token.providerId() + "]";
  }
}
