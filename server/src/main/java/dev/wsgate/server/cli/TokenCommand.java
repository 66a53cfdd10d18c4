package dev.wsgate.server.cli;

import dev.wsgate.adapter.javawebsocket.ServerConfig;
import dev.wsgate.config.TenantFactory;
import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.internal.SettingValues;
import dev.wsgate.server.Main;
import dev.wsgate.server.config.PropertiesFile;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -jar wsgate-server.jar token --sub alice [--ttl 10m] [--scope "a b"] [--tenant T]
 * [--config FILE]}: prints an HMAC token for a tenant whose provider is {@code hmac}, signed with
 * its configured secret, algorithm, issuer and audience; without a configuration, with {@code
 * WSGATE_DEV_SECRET}, the secret a dev-mode server uses when it is set. The token is checked with
 * the real {@code hmac} provider before it is printed. For development: anyone holding the secret
 * can mint any identity.
 */
public final class TokenCommand {
  static final String USAGE =
      "usage: java -jar wsgate-server.jar token --sub SUBJECT [--ttl 10m] [--scope \"a b\"]"
          + " [--tenant ID] [--config FILE]";

  private TokenCommand() {}

  public static int run(
      List<String> args,
      Map<String, String> env,
      ProviderRegistry providers,
      Clock clock,
      PrintStream out,
      PrintStream err) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!List.of("--sub", "--ttl", "--scope", "--tenant", "--config").contains(a)
          || i + 1 >= args.size()) {
        err.println(USAGE);
        return Main.EXIT_USAGE;
      }
      opts.put(a, args.get(++i));
    }
    String subject = opts.get("--sub");
    if (subject == null || subject.isBlank()) {
      err.println("wsgate token: --sub is required\n" + USAGE);
      return Main.EXIT_USAGE;
    }
    Duration ttl;
    try {
      ttl = SettingValues.duration(opts.getOrDefault("--ttl", "10m"));
    } catch (IllegalArgumentException e) {
      err.println("wsgate token: --ttl " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    String file = opts.getOrDefault("--config", env.get("WSGATE_CONFIG"));
    Map<String, String> properties;
    String tenant;
    boolean declared;
    try {
      if (file == null || file.isBlank()) {
        Optional<DevMode> dev = DevMode.fromEnv(env);
        if (dev.isEmpty()) {
          err.println(
              "wsgate token: give --config FILE (or WSGATE_CONFIG), or set WSGATE_DEV_SECRET"
                  + " (at least 32 characters) for both this command and the dev-mode server");
          return Main.EXIT_USAGE;
        }
        properties = dev.get().properties(ServerConfig.DEFAULT_PORT);
      } else {
        properties = PropertiesFile.read(Path.of(file));
      }
      List<String> tenants = SettingValues.list(properties.getOrDefault("wsgate.tenants", ""));
      declared = !tenants.isEmpty();
      tenant = opts.getOrDefault("--tenant", declared ? tenants.get(0) : "default");
      if (declared && !tenants.contains(tenant)) {
        err.println("wsgate token: no tenant '" + tenant + "'; tenants: " + tenants);
        return Main.EXIT_USAGE;
      }
    } catch (ConfigurationException | IllegalArgumentException e) {
      err.println("wsgate token: " + e.getMessage());
      return Main.EXIT_CONFIG;
    }
    List<String> prefixes = TenantFactory.prefixes(tenant, declared);
    String provider = first(properties, prefixes, "provider").orElse("");
    if (!provider.equals("hmac")) {
      err.println(
          "wsgate token: tenant "
              + tenant
              + " uses provider '"
              + provider
              + "'; only hmac tokens can be minted here (use --tenant)");
      return Main.EXIT_USAGE;
    }
    String prefix = TenantFactory.providerPrefix(properties, prefixes, "hmac");
    Instant now = clock.instant();
    try (TokenVerifier verifier = hmac(properties, prefix, tenant, env, providers, clock)) {
      Map<String, String> s = new LinkedHashMap<>();
      properties.forEach(
          (k, v) -> {
            if (k.startsWith(prefix)) {
              s.put(k.substring(prefix.length()), SettingValues.resolve(v, env::get));
            }
          });
      String alg = SettingValues.list(s.getOrDefault("algorithms", "HS256")).get(0);
      String token =
          HmacMinter.mint(
              s.get("secret"),
              alg,
              subject,
              Optional.ofNullable(s.get("issuer")),
              Optional.ofNullable(s.get("audience")),
              Optional.ofNullable(opts.get("--scope")),
              now,
              now.plus(ttl));
      verifier.verify(token, VerificationContext.of(tenant, null, now));
      out.println(token);
      return 0;
    } catch (ConfigurationException e) {
      err.println("wsgate token: the hmac settings have problems:");
      e.problems().forEach(p -> err.println("  - " + p));
      return Main.EXIT_CONFIG;
    } catch (AuthenticationException e) {
      err.println(
          "wsgate token: the configured provider would reject this token: "
              + e.failure()
              + " ("
              + e.getMessage()
              + ")");
      return Main.EXIT_CONFIG;
    } catch (IllegalArgumentException e) {
      err.println("wsgate token: " + e.getMessage());
      return Main.EXIT_CONFIG;
    }
  }

  private static TokenVerifier hmac(
      Map<String, String> properties,
      String prefix,
      String tenant,
      Map<String, String> env,
      ProviderRegistry providers,
      Clock clock) {
    Map<String, String> relative = new LinkedHashMap<>();
    properties.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            relative.put(k.substring(prefix.length()), v);
          }
        });
    return providers
        .get("hmac")
        .create(
            ProviderSettings.builder(prefix)
                .values(relative)
                .env(env::get)
                .tenant(tenant)
                .clock(clock)
                .build());
  }

  private static Optional<String> first(
      Map<String, String> properties, List<String> prefixes, String name) {
    for (String p : prefixes) {
      String v = properties.get(p + name);
      if (v != null && !v.isBlank()) {
        return Optional.of(v.trim());
      }
    }
    return Optional.empty();
  }
}
