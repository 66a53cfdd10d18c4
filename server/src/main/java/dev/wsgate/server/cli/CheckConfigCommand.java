package dev.wsgate.server.cli;

import dev.wsgate.adapter.javawebsocket.ServerConfig;
import dev.wsgate.config.TenantFactory;
import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.TokenExtractor;
import dev.wsgate.internal.SettingValues;
import dev.wsgate.server.Main;
import dev.wsgate.server.config.ConfigLoader;
import dev.wsgate.server.config.Configuration;
import dev.wsgate.server.config.PropertiesFile;
import dev.wsgate.spi.ConfigurationException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code java -jar wsgate-server.jar check-config FILE}: loads the configuration exactly as the
 * server would (every problem listed, exit 78) and prints the effective policy of each tenant:
 * routing, origins (normalised to the form browsers send, with each rewritten entry as typed),
 * extractors, subprotocols, limits, provider and where its keys come from. Secrets are never
 * printed: a secret given inline shows as {@code ****}, one given by reference shows the reference
 * ({@code ${env:NAME}}).
 */
public final class CheckConfigCommand {
  /**
   * Provider settings whose values may be secret, by name, for third-party providers too: masking a
   * public value (Clerk's PEM {@code jwt-key}) costs nothing, printing a secret would.
   */
  private static final Pattern SECRET_SETTING =
      Pattern.compile(".*(secret|password|passwd|token|credential|private|api-key|jwt-key).*");

  private CheckConfigCommand() {}

  public static int run(
      List<String> args,
      Map<String, String> env,
      Function<Map<String, String>, ProviderRegistry> registries,
      Clock clock,
      PrintStream out,
      PrintStream err) {
    if (args.size() != 1) {
      err.println("usage: java -jar wsgate-server.jar check-config FILE");
      return Main.EXIT_USAGE;
    }
    Map<String, String> properties;
    Configuration c;
    try {
      properties = PropertiesFile.read(Path.of(args.get(0)));
      c = new ConfigLoader(registries.apply(properties), env::get, clock).load(properties);
    } catch (ConfigurationException e) {
      err.println("wsgate: the configuration has problems:");
      e.problems().forEach(p -> err.println("  - " + p));
      return Main.EXIT_CONFIG;
    }
    try (c) {
      List<String> declared = SettingValues.list(properties.getOrDefault("wsgate.tenants", ""));
      ServerConfig s = c.server();
      out.println("configuration OK: " + c.tenants() + " tenant(s), provider(s) " + c.providers());
      out.println(
          "listen     ws://" + s.host() + ":" + s.port() + " paths " + new TreeSet<>(s.paths()));
      out.println(
          "admin      "
              + (c.admin().enabled()
                  ? c.admin().host()
                      + ":"
                      + c.admin().port()
                      + (c.admin().adminToken().isPresent() ? " with disconnect" : "")
                  : "off"));
      Map<String, TenantPolicy> tenants = new TreeMap<>(c.gate().tenants());
      for (TenantPolicy t : tenants.values()) {
        describe(out, properties, t, !declared.isEmpty());
      }
    }
    return 0;
  }

  private static void describe(
      PrintStream out, Map<String, String> properties, TenantPolicy t, boolean declared) {
    List<String> prefixes = TenantFactory.prefixes(t.id(), declared);
    out.println("tenant " + t.id());
    String resolver = properties.getOrDefault("wsgate.tenant.resolver", "").trim();
    if (resolver.equals("host")) {
      out.println("  route      host " + properties.get("wsgate.tenant." + t.id() + ".hosts"));
    } else if (resolver.equals("issuer")) {
      out.println("  route      issuer " + properties.get("wsgate.tenant." + t.id() + ".issuers"));
    } else if (resolver.equals("path")) {
      out.println(
          "  route      path prefix " + properties.get("wsgate.tenant." + t.id() + ".path-prefix"));
    }
    out.println(
        "  origins    "
            + String.join(", ", t.origins().patterns())
            + (t.origins().allowMissing()
                ? " (no Origin allowed with an Authorization header token)"
                : " (no Origin: refused)"));
    t.origins()
        .rewrites()
        .forEach(
            (typed, form) ->
                out.println(
                    "  rewritten  '" + typed + "' as " + form + " (the form browsers send)"));
    List<String> extractors = new ArrayList<>();
    for (TokenExtractor e : t.extractors()) {
      extractors.add(e.toString());
    }
    out.println("  extractors " + String.join(", ", extractors));
    out.println(
        "  subprotos  " + (t.subprotocols().isEmpty() ? "-" : String.join(", ", t.subprotocols())));
    out.println(
        "  limits     max-token-bytes " + t.maxTokenBytes() + ", clock-skew " + t.clockSkew());
    String provider = first(properties, prefixes, "provider");
    String prefix = TenantFactory.providerPrefix(properties, prefixes, provider);
    out.println("  provider   " + provider + " (settings " + prefix + "*)");
    Map<String, String> settings = new TreeMap<>();
    properties.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            String name = k.substring(prefix.length());
            settings.put(name, shown(name, v.trim()));
          }
        });
    out.println("  key source " + keySource(provider, settings));
    settings.forEach((k, v) -> out.println("    " + k + " = " + v));
  }

  /** The value as printed: secrets only by reference. */
  public static String shown(String name, String value) {
    boolean reference = value.startsWith("${env:") || value.startsWith("${file:");
    if (SECRET_SETTING.matcher(name.toLowerCase(Locale.ROOT)).matches() && !reference) {
      return "**** (inline; prefer ${env:NAME} or ${file:/path})";
    }
    return value;
  }

  private static String keySource(String provider, Map<String, String> s) {
    switch (provider) {
      case "hmac":
        return "shared secret " + s.getOrDefault("secret", "?");
      case "jwks":
        if (s.containsKey("jwks-uri")) {
          return "JWKS " + s.get("jwks-uri");
        }
        if (s.containsKey("auth0-domain")) {
          return "JWKS of Auth0 domain " + s.get("auth0-domain");
        }
        return "JWKS from OIDC discovery of " + s.getOrDefault("issuer", "?");
      case "firebase":
        return "Google's securetoken certificates"
            + (s.containsKey("keys-url") ? " from " + s.get("keys-url") : "");
      case "clerk":
        return s.containsKey("jwt-key")
            ? "PEM public key (jwt-key), no network"
            : "Clerk JWKS through the Backend API"
                + (s.containsKey("api-url") ? " at " + s.get("api-url") : "");
      default:
        return "provider-specific (see its settings below)";
    }
  }

  private static String first(Map<String, String> properties, List<String> prefixes, String name) {
    for (String p : prefixes) {
      String v = properties.get(p + name);
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    return "?";
  }
}
