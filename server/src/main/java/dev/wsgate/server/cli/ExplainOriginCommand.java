package dev.wsgate.server.cli;

import dev.wsgate.config.TenantFactory;
import dev.wsgate.gate.OriginPolicy;
import dev.wsgate.internal.SettingValues;
import dev.wsgate.server.Main;
import dev.wsgate.server.config.PropertiesFile;
import dev.wsgate.spi.ConfigurationException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -jar wsgate-server.jar explain-origin FILE ORIGIN}: for each tenant, whether its
 * allowlist lets {@code ORIGIN} open a WebSocket, which pattern allowed it, or why each pattern
 * rejects it. Both sides are shown in the form browsers send: {@code ORIGIN} (an origin or a page's
 * URL, in any spelling) as the origin a browser sends for it, each pattern as held, with the entry
 * as typed when it was rewritten. Reads only the origin keys (no provider starts). Exit 0 when some
 * tenant allows it, 1 when none does.
 */
public final class ExplainOriginCommand {
  private ExplainOriginCommand() {}

  public static int run(
      List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.size() != 2) {
      err.println("usage: java -jar wsgate-server.jar explain-origin FILE ORIGIN");
      return Main.EXIT_USAGE;
    }
    String typed = args.get(1);
    Optional<String> sent = OriginPolicy.browserOrigin(typed);
    if (sent.isEmpty()) {
      out.println("origin '" + typed + "' is not an http(s) origin that browsers send");
    } else if (!sent.get().equals(typed)) {
      out.println("origin '" + typed + "' is sent by browsers as " + sent.get());
    }
    String origin = sent.orElse(typed);
    boolean anyAllowed = false;
    try {
      Map<String, String> p = PropertiesFile.read(Path.of(args.get(0)));
      List<String> declared = SettingValues.list(p.getOrDefault("wsgate.tenants", ""));
      List<String> tenants = declared.isEmpty() ? List.of("default") : declared;
      for (String tenant : tenants) {
        List<String> prefixes = TenantFactory.prefixes(tenant, !declared.isEmpty());
        List<String> patterns = SettingValues.list(resolve(p, prefixes, "origins", env));
        boolean allowMissing =
            SettingValues.bool(
                resolve(p, prefixes, "origins.allow-missing", env).isEmpty()
                    ? "false"
                    : resolve(p, prefixes, "origins.allow-missing", env));
        OriginPolicy policy = OriginPolicy.of(patterns, allowMissing);
        OriginPolicy.Match m = policy.check(origin);
        Map<String, String> typedAs = new HashMap<>();
        policy.rewrites().forEach((entry, form) -> typedAs.putIfAbsent(form, entry));
        if (m.allowed()) {
          anyAllowed = true;
          String pattern = m.pattern().orElse("?");
          out.println(
              "tenant "
                  + tenant
                  + ": ALLOWED "
                  + m.normalized()
                  + " by pattern "
                  + pattern
                  + written(typedAs, pattern));
        } else {
          out.println("tenant " + tenant + ": REJECTED (" + m.reason() + ")");
          if (!m.normalized().isEmpty()) {
            for (String pattern : policy.patterns()) {
              out.println(
                  "  "
                      + pattern
                      + written(typedAs, pattern)
                      + ": "
                      + whyNot(pattern, m.normalized()));
            }
          }
        }
      }
    } catch (ConfigurationException e) {
      e.problems().forEach(x -> err.println("wsgate: " + x));
      return Main.EXIT_CONFIG;
    } catch (IllegalArgumentException e) {
      err.println("wsgate: " + e.getMessage());
      return Main.EXIT_CONFIG;
    }
    return anyAllowed ? 0 : 1;
  }

  /** " (written X)" when the allowlist entry was typed otherwise than it is held. */
  private static String written(Map<String, String> typedAs, String pattern) {
    String entry = typedAs.get(pattern);
    return entry == null ? "" : " (written " + entry + ")";
  }

  private static String resolve(
      Map<String, String> p, List<String> prefixes, String name, Map<String, String> env) {
    for (String prefix : prefixes) {
      String v = p.get(prefix + name);
      if (v != null && !v.isBlank()) {
        return SettingValues.resolve(v.trim(), env::get);
      }
    }
    return "";
  }

  /**
   * Why a normalised pattern ({@code scheme://host[:port]}, host may start with {@code *.}, port
   * may be {@code *}) does not match a normalised origin.
   */
  static String whyNot(String pattern, String origin) {
    String[] pt = split(pattern);
    String[] o = split(origin);
    List<String> reasons = new ArrayList<>();
    if (!pt[0].equals(o[0])) {
      reasons.add("scheme " + o[0] + " is not " + pt[0]);
    }
    if (!pt[2].equals("*") && !pt[2].equals(o[2])) {
      reasons.add("port " + o[2] + " is not " + pt[2]);
    }
    String host = o[1];
    if (pt[1].startsWith("*.")) {
      String base = pt[1].substring(2);
      if (host.equals(base)) {
        reasons.add("*." + base + " matches subdomains only, never " + base + " itself");
      } else if (!host.endsWith("." + base)) {
        reasons.add(
            host.endsWith(base)
                ? host + " only ends like " + base + " but is not a subdomain of it"
                : host + " is not under " + base);
      }
    } else if (!pt[1].equals(host)) {
      reasons.add("host " + host + " is not " + pt[1]);
    }
    return reasons.isEmpty() ? "matches" : String.join("; ", reasons);
  }

  /** {scheme, host, port} with the default port made explicit. */
  private static String[] split(String s) {
    int sep = s.indexOf("://");
    String scheme = s.substring(0, sep).toLowerCase(Locale.ROOT);
    String authority = s.substring(sep + 3);
    int colon = authority.lastIndexOf(':');
    if (colon > authority.lastIndexOf(']')) {
      return new String[] {scheme, authority.substring(0, colon), authority.substring(colon + 1)};
    }
    return new String[] {scheme, authority, scheme.equals("https") ? "443" : "80"};
  }
}
