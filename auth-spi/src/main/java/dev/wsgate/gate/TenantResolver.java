package dev.wsgate.gate;

import java.util.Comparator;
import java.util.LinkedHashMap;
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
}
