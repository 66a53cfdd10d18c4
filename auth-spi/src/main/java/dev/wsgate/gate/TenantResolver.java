package dev.wsgate.gate;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Chooses the tenant of a request, the gate's first step. Implementations are pure and thread-safe;
 * empty means no tenant serves the request (a {@code BAD_REQUEST}).
 */
@FunctionalInterface
public interface TenantResolver {

  /** The tenant id for {@code request}, or empty. */
  Optional<String> resolve(HandshakeRequest request);

  /**
   * The refusal for a request {@link #resolve} left empty: {@code BAD_REQUEST} by default; the
   * issuer resolver answers 401, since the token is what failed.
   */
  default AuthenticationException unresolved(HandshakeRequest request) {
    return new AuthenticationException(Failure.BAD_REQUEST, "no tenant serves this request");
  }

  /** Every request belongs to {@code tenant}. */
  static TenantResolver single(String tenant) {
    Optional<String> t = Optional.of(tenant);
    return request -> t;
  }

  /**
   * By the {@code Host} header (its port ignored, case-insensitive), as in {@code
   * wsgate.tenant.<id>.hosts}.
   */
  static TenantResolver byHost(Map<String, String> tenantByHost) {
    Map<String, String> map = new LinkedHashMap<>();
    tenantByHost.forEach((h, t) -> map.put(SerializedOrigin.asciiLowerCase(h), t));
    return request -> {
      Optional<String> host = request.headers().first("Host");
      if (host.isEmpty() || request.headers().all("Host").size() > 1) {
        return Optional.empty();
      }
      String h = SerializedOrigin.asciiLowerCase(host.get().trim());
      int colon = SerializedOrigin.portSeparator(h);
      if (colon >= 0) {
        h = h.substring(0, colon);
      }
      return Optional.ofNullable(map.get(h));
    };
  }

  /**
   * By path prefix, matched on whole segments: {@code /acme/ws} belongs to the tenant whose prefix
   * is {@code /acme}, never {@code /acmecorp/ws}. When prefixes nest ({@code /acme} and {@code
   * /acme/eu}) the longest one that matches wins, whatever the order they were given in.
   */
  static TenantResolver byPathPrefix(Map<String, String> tenantByPrefix) {
    Map<String, String> map =
        new TreeMap<>(Comparator.comparingInt(String::length).reversed().thenComparing(p -> p));
    map.putAll(tenantByPrefix);
    return request -> {
      String path = request.path();
      for (Map.Entry<String, String> e : map.entrySet()) {
        String prefix = e.getKey();
        if (path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/")) {
          return Optional.of(e.getValue());
        }
      }
      return Optional.empty();
    };
  }

  /**
   * By the token's {@code iss} claim, read without verification only to pick the tenant whose
   * verifier then checks the token, issuer included ({@code wsgate.tenant.resolver=issuer}). The
   * token is found with {@code extractors} (the same for every tenant in this mode). A request
   * without a token is {@code MISSING_TOKEN}; an issuer no tenant serves, or a token whose issuer
   * cannot be read, is {@code WRONG_ISSUER} (401).
   */
  static TenantResolver byIssuer(
      Map<String, String> tenantByIssuer, List<TokenExtractor> extractors) {
    Map<String, String> map = Map.copyOf(tenantByIssuer);
    List<TokenExtractor> sources = List.copyOf(extractors);
    return new TenantResolver() {
      @Override
      public Optional<String> resolve(HandshakeRequest request) {
        return firstToken(request).flatMap(UnverifiedIssuer::of).map(map::get);
      }

      @Override
      public AuthenticationException unresolved(HandshakeRequest request) {
        if (firstToken(request).isEmpty()) {
          return new AuthenticationException(Failure.MISSING_TOKEN, "no token in the request");
        }
        return new AuthenticationException(
            Failure.WRONG_ISSUER, "the token issuer is not served here");
      }

      private Optional<String> firstToken(HandshakeRequest request) {
        for (TokenExtractor e : sources) {
          try {
            Optional<String> token = e.extract(request);
            if (token.isPresent()) {
              return token;
            }
          } catch (AuthenticationException ignored) {
            // a malformed source is reported by the tenant's own extraction
          }
        }
        return Optional.empty();
      }

      @Override
      public String toString() {
        return "TenantResolver.byIssuer" + map.keySet();
      }
    };
  }
}
