package dev.wsgate.provider.clerk;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the SDK's verified claims into a {@link VerifiedToken}.
 *
 * <p>Claims become plain JSON types (times as epoch seconds, lists for arrays). Organisation claims
 * are offered in one shape whatever the token version: {@code org_id}, {@code org_slug}, {@code
 * org_role} ({@code org:admin}) and {@code org_permissions} ({@code org:feature:permission}); the
 * SDK derives them from a v2 token's {@code o} claim, and v1 tokens carry them directly. The role
 * and permissions are also the token's scopes.
 */
final class ClerkIdentity {
  private ClerkIdentity() {}

  /** The claims as JSON values: String, Number, Boolean, List, Map. */
  static Map<String, Object> json(Map<?, ?> claims) {
    Map<String, Object> out = new LinkedHashMap<>();
    claims.forEach(
        (k, v) -> {
          if (k != null && v != null) {
            out.put(String.valueOf(k), value(v));
          }
        });
    return out;
  }

  private static Object value(Object v) {
    if (v instanceof Date) {
      return ((Date) v).getTime() / 1000;
    }
    if (v instanceof Instant) {
      return ((Instant) v).getEpochSecond();
    }
    if (v instanceof Map) {
      return json((Map<?, ?>) v);
    }
    if (v instanceof Collection) {
      List<Object> list = new ArrayList<>();
      for (Object e : (Collection<?>) v) {
        list.add(e == null ? null : value(e));
      }
      return list;
    }
    if (v instanceof String || v instanceof Number || v instanceof Boolean) {
      return v;
    }
    return String.valueOf(v);
  }

  static VerifiedToken toVerifiedToken(Map<String, Object> claims, VerificationContext context)
      throws AuthenticationException {
    Object sub = claims.get("sub");
    if (!(sub instanceof String) || ((String) sub).isBlank()) {
      throw new AuthenticationException(Failure.MALFORMED_TOKEN, "token has no subject (sub)");
    }
    Map<String, Object> out = new LinkedHashMap<>(claims);
    Set<String> scopes = new LinkedHashSet<>();
    Object role = claims.get("org_role");
    if (role instanceof String && !((String) role).isBlank()) {
      String r = (String) role;
      // v2 tokens carry the bare role ("admin"); v1 and Clerk's own SDKs use "org:admin".
      String prefixed = r.startsWith("org:") ? r : "org:" + r;
      out.put("org_role", prefixed);
      scopes.add(prefixed);
    }
    Object permissions = claims.get("org_permissions");
    if (permissions instanceof List) {
      for (Object p : (List<?>) permissions) {
        if (p instanceof String) {
          scopes.add((String) p);
        }
      }
    }
    Object aud = claims.get("aud");
    List<String> audience = new ArrayList<>();
    if (aud instanceof String) {
      audience.add((String) aud);
    } else if (aud instanceof List) {
      ((List<?>) aud)
          .stream().filter(String.class::isInstance).forEach(a -> audience.add((String) a));
    }
    Object iss = claims.get("iss");
    return VerifiedToken.builder(ClerkVerifierProvider.ID, (String) sub)
        .issuer(iss instanceof String ? (String) iss : "")
        .expiresAt(Instant.ofEpochSecond(((Number) claims.get("exp")).longValue()))
        .audience(audience)
        .scopes(scopes)
        .tenant(context.tenant())
        .claims(out)
        .build();
  }
}
