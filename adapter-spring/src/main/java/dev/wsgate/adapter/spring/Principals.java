package dev.wsgate.adapter.spring;

import dev.wsgate.spi.VerifiedToken;
import java.security.Principal;
import org.springframework.util.ClassUtils;

/**
 * The session's principal for a verified token: a {@link GateAuthentication} when Spring Security
 * is on the class path, the plain {@link GatePrincipal} otherwise.
 */
final class Principals {
  private static final boolean SECURITY =
      ClassUtils.isPresent(
          "org.springframework.security.authentication.AbstractAuthenticationToken",
          Principals.class.getClassLoader());

  private Principals() {}

  static Principal of(VerifiedToken token) {
    return SECURITY ? GateAuthentication.of(token) : new GatePrincipal(token);
  }
}
