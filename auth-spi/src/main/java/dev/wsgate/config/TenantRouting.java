package dev.wsgate.config;

import dev.wsgate.gate.TenantResolver;
import dev.wsgate.gate.TokenExtractor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How requests find their tenant ({@code wsgate.tenant.resolver}): by {@code Host} ({@code
 * wsgate.tenant.<id>.hosts}), by path prefix ({@code wsgate.tenant.<id>.path-prefix}, served at
 * prefix + {@code wsgate.path}) or by the token's issuer ({@code wsgate.tenant.<id>.issuers}).
 * Problems are recorded on the reader.
 */
final class TenantRouting {
  private static final Set<String> UNROUTABLE = Set.of("ticket", "message");

  private final ConfigReader r;
  private final String mode;
  private final String path;
  private final Map<String, String> byHost = new LinkedHashMap<>();
  private final Map<String, String> byPrefix = new LinkedHashMap<>();
  private final Map<String, String> byIssuer = new LinkedHashMap<>();
  private final Set<String> paths = new LinkedHashSet<>();
  private final List<TenantEndpoint> endpoints = new ArrayList<>();

  TenantRouting(ConfigReader r, String mode, String path) {
    this.r = r;
    this.mode = mode;
    this.path = path;
  }

  /** Reads one tenant's routing keys (all of them become known, whatever the mode). */
  void read(String id) {
    String hostsKey = "wsgate.tenant." + id + ".hosts";
    String prefixKey = "wsgate.tenant." + id + ".path-prefix";
    String issuersKey = "wsgate.tenant." + id + ".issuers";
    List<String> hosts = r.list(List.of(), hostsKey);
    Optional<String> prefix = r.optional(prefixKey);
    List<String> issuers = r.list(List.of(), issuersKey);
    switch (mode) {
      case "host":
        requireSome(hosts, hostsKey);
        for (String h : hosts) {
          String host = h.toLowerCase(Locale.ROOT);
          if (add(byHost, host, id, hostsKey)) {
            endpoints.add(new TenantEndpoint(id, host, path));
          }
        }
        break;
      case "path":
        String p = prefix.orElse("");
        if (!p.matches("/[A-Za-z0-9._~-]+")) {
          r.problem(prefixKey + " must be one path segment such as /" + id + ", got '" + p + "'");
        } else if (add(byPrefix, p, id, prefixKey)) {
          paths.add(p + path);
          endpoints.add(new TenantEndpoint(id, "", p + path));
        }
        break;
      case "issuer":
        requireSome(issuers, issuersKey);
        issuers.forEach(i -> add(byIssuer, i, id, issuersKey));
        if (r.values().containsKey("wsgate.tenant." + id + ".extractors")) {
          r.problem(
              "wsgate.tenant."
                  + id
                  + ".extractors cannot differ per tenant with wsgate.tenant.resolver=issuer;"
                  + " set wsgate.extractors");
        }
        break;
      default:
        break;
    }
  }

  /**
   * The resolver; empty for a single tenant or when the mode is unusable (a problem is recorded).
   */
  Optional<TenantResolver> resolver(TenantFactory factory) {
    switch (mode) {
      case "single":
        paths.add(path);
        return Optional.empty();
      case "host":
        paths.add(path);
        return Optional.of(TenantResolver.byHost(byHost));
      case "path":
        return Optional.of(TenantResolver.byPathPrefix(byPrefix));
      case "issuer":
        // the token is found before the tenant is known: every tenant uses wsgate.extractors
        paths.add(path);
        List<TokenExtractor> extractors = factory.extractors(List.of("wsgate."));
        if (extractors.stream().anyMatch(e -> UNROUTABLE.contains(e.name()))) {
          // a ticket or a first frame names no issuer: the tenant must be known before them
          r.problem(
              "tickets and first-message authentication need wsgate.tenant.resolver=host or path,"
                  + " not issuer");
        }
        return Optional.of(TenantResolver.byIssuer(byIssuer, extractors));
      case "":
        r.problem("wsgate.tenant.resolver is required with several tenants: host, path or issuer");
        return Optional.empty();
      default:
        r.problem("wsgate.tenant.resolver must be host, path or issuer, got '" + mode + "'");
        return Optional.empty();
    }
  }

  /** Each tenant's own URLs (host or path mode); empty when one URL serves every tenant. */
  List<TenantEndpoint> endpoints() {
    return endpoints;
  }

  /** The request paths that upgrade. */
  Set<String> paths() {
    return paths;
  }

  private void requireSome(List<String> values, String key) {
    if (values.isEmpty()) {
      r.problem(key + " is required with wsgate.tenant.resolver=" + mode);
    }
  }

  private boolean add(Map<String, String> map, String key, String tenant, String setting) {
    String previous = map.putIfAbsent(key, tenant);
    if (previous != null) {
      r.problem(setting + " repeats " + key + ", already served by tenant " + previous);
      return false;
    }
    return true;
  }
}
