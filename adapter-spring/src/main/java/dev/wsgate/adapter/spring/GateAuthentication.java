package dev.wsgate.adapter.spring;

import java.security.Principal;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The verified identity as Spring Security's {@link
 * org.springframework.security.core.Authentication}, the session's principal when Spring Security
 * is on the class path: {@code getPrincipal()} is the {@link GatePrincipal} (so
 * {@code @AuthenticationPrincipal GatePrincipal user} resolves), {@code getName()} the token's
 * subject, the authorities {@code SCOPE_<scope>} for each of the token's scopes (as Spring
 * Security's own resource server names them). The credentials are empty: the token itself never
 * leaves the gate.
 */
public final class GateAuthentication extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;

  private final GatePrincipal principal;

  /** An authenticated token for {@code principal}. */
  public GateAuthentication(GatePrincipal principal) {
    super(authorities(principal));
    this.principal = principal;
    setAuthenticated(true);
  }

  /** Kept apart so that callers load this class only when Spring Security is present. */
  static Principal of(GatePrincipal principal) {
    return new GateAuthentication(principal);
  }

  private static List<GrantedAuthority> authorities(GatePrincipal principal) {
    return principal.token().scopes().stream()
        .sorted()
        .<GrantedAuthority>map(s -> new SimpleGrantedAuthority("SCOPE_" + s))
        .toList();
  }

  @Override
  public GatePrincipal getPrincipal() {
    return principal;
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public String getName() {
    return principal.getName();
  }
}
