package dev.wsgate.server;

import dev.wsgate.adapter.javawebsocket.ServerConfig;
import dev.wsgate.config.StartupFailure;
import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.internal.SettingValues;
import dev.wsgate.server.admin.AdminServer;
import dev.wsgate.server.admin.SubjectDisconnects;
import dev.wsgate.server.cli.CheckConfigCommand;
import dev.wsgate.server.cli.DevMode;
import dev.wsgate.server.cli.ExplainOriginCommand;
import dev.wsgate.server.cli.TokenCommand;
import dev.wsgate.server.config.ConfigLoader;
import dev.wsgate.server.config.Configuration;
import dev.wsgate.server.config.PropertiesFile;
import dev.wsgate.server.logging.ServerLogging;
import dev.wsgate.server.plugins.PluginLoaders;
import dev.wsgate.server.transport.Transport;
import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.spi.RevocationCheck;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * {@code java -jar wsgate-server.jar [--config FILE] [--port N]}. The configuration file comes from
 * {@code --config} or {@code WSGATE_CONFIG}; without one the server starts in dev mode. Start-up
 * errors of any kind print a message (no stack trace) and exit non-zero, output flushed first;
 * SIGTERM closes open connections with 1001 and exits 0.
 */
public final class Main {
  public static final int EXIT_USAGE = 64;
  public static final int EXIT_CONFIG = 78;
  static final int EXIT_IO = 74;
  static final int EXIT_SOFTWARE = 70;

  private Main() {}

  /** Runs the server until SIGTERM. */
  public static void main(String[] args) {
    // before the launcher: without it, Logback's default configuration would print the JDK's own
    // debug lines (JDK 24+ logs every ProcessBuilder.start with a stack trace) in the first JVM
    PrintStream err = ServerLogging.install();
    Optional<Integer> relaunched = JvmLauncher.run(args, System.getenv());
    if (relaunched.isPresent()) {
      ServerLogging.flush();
      System.exit(relaunched.get());
    }
    int code;
    try {
      code = run(args, System.getenv(), System.out, err);
    } catch (Throwable e) {
      // whatever escapes (an Error from a provider's constructor or id(), a bug of ours) still ends
      // with a message, not a stack trace lost in the buffered standard error
      err.println("wsgate: cannot start: " + StartupFailure.describe(e));
      code = EXIT_SOFTWARE;
    }
    System.out.flush();
    ServerLogging.flush(); // before any exit: the JVM does not flush the buffered standard error
    if (code != 0) {
      System.exit(code);
    }
  }

  /** The development subcommands; each prints its own usage. */
  private static int tool(
      String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    List<String> rest = List.of(args).subList(1, args.length);
    Clock clock = Clock.systemUTC();
    try {
      switch (args[0]) {
        case "token":
          String file = env.get("WSGATE_CONFIG");
          int i = rest.indexOf("--config");
          if (i >= 0 && i + 1 < rest.size()) {
            file = rest.get(i + 1);
          }
          Map<String, String> properties =
              file == null || file.isBlank() ? Map.of() : PropertiesFile.read(Path.of(file));
          return TokenCommand.run(rest, env, registry(properties, env), clock, out, err);
        case "check-config":
          return CheckConfigCommand.run(rest, env, p -> registry(p, env), clock, out, err);
        case "explain-origin":
          return ExplainOriginCommand.run(rest, env, out, err);
        default:
          err.println("wsgate: unknown command '" + args[0] + "'; try --help");
          return EXIT_USAGE;
      }
    } catch (ConfigurationException e) {
      err.println("wsgate: the configuration has problems:");
      e.problems().forEach(p -> err.println("  - " + p));
      return EXIT_CONFIG;
    }
  }

  /** The providers on the class path plus those in {@code wsgate.plugins.dir}, if set. */
  static ProviderRegistry registry(Map<String, String> properties, Map<String, String> env) {
    List<ClassLoader> loaders = new ArrayList<>();
    loaders.add(Main.class.getClassLoader());
    String dir = properties.get(ConfigLoader.PLUGINS_DIR);
    if (dir != null && !dir.isBlank()) {
      String resolved;
      try {
        resolved = SettingValues.resolve(dir.trim(), env::get);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(ConfigLoader.PLUGINS_DIR + " " + e.getMessage());
      }
      loaders.addAll(PluginLoaders.open(Path.of(resolved), ConfigLoader.PLUGINS_DIR));
    }
    return ProviderRegistry.load(loaders.toArray(ClassLoader[]::new));
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length > 0 && !args[0].startsWith("-")) {
      return tool(args, env, out, err);
    }
    String config = env.get("WSGATE_CONFIG");
    Integer port = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      boolean hasValue = i + 1 < args.length;
      if (a.equals("--config") && hasValue) {
        config = args[++i];
      } else if (a.equals("--port") && hasValue) {
        try {
          port = Integer.valueOf(args[++i]);
        } catch (NumberFormatException e) {
          err.println("wsgate: --port expects a number, got '" + args[i] + "'");
          return EXIT_USAGE;
        }
      } else {
        err.println("usage: java -jar wsgate-server.jar [--config FILE] [--port N]");
        err.println("       (or WSGATE_CONFIG=FILE; without a configuration: dev mode)");
        err.println("       java -jar wsgate-server.jar token|check-config|explain-origin …");
        return a.equals("--help") ? 0 : EXIT_USAGE;
      }
    }
    Clock clock = Clock.systemUTC();
    Configuration configuration;
    DevMode dev = null;
    try {
      Map<String, String> properties;
      if (config == null || config.isBlank()) {
        dev = DevMode.fromEnv(env).orElseGet(() -> DevMode.create(new SecureRandom()));
        properties = dev.properties(port == null ? ServerConfig.DEFAULT_PORT : port);
      } else {
        properties = new LinkedHashMap<>(PropertiesFile.read(Path.of(config)));
        if (port != null) {
          properties.put("wsgate.listen.port", port.toString());
        }
        ServerLogging.applyLevel(properties, env::get);
      }
      // revocation checks come from the server's class path (plugins provide token verifiers)
      List<RevocationCheck> checks = new ArrayList<>();
      ServiceLoader.load(RevocationCheck.class, Main.class.getClassLoader()).forEach(checks::add);
      configuration =
          new ConfigLoader(registry(properties, env), env::get, clock, checks).load(properties);
    } catch (ConfigurationException e) {
      err.println("wsgate: cannot start, the configuration has problems:");
      e.problems().forEach(p -> err.println("  - " + p));
      return EXIT_CONFIG;
    }
    Transport server;
    try {
      server = Transport.start(configuration, clock, configuration.connectionLeases());
    } catch (IOException e) {
      configuration.close();
      err.println("wsgate: " + e.getMessage());
      return EXIT_IO;
    }
    configuration.cluster().start(new SubjectDisconnects(server));
    AdminServer admin = null;
    if (configuration.admin().enabled()) {
      try {
        admin = AdminServer.start(configuration, clock);
      } catch (IOException e) {
        server.shutdown(Duration.ZERO);
        configuration.close();
        err.println(
            "wsgate: cannot listen on the admin port "
                + configuration.admin().host()
                + ":"
                + configuration.admin().port()
                + " ("
                + e.getClass().getSimpleName()
                + ")");
        return EXIT_IO;
      }
    }
    // in place before the start-up line: a stop that follows it is always orderly
    Configuration owned = configuration;
    AdminServer ownedAdmin = admin;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (ownedAdmin != null) {
                    ownedAdmin.close();
                  }
                  server.shutdown(Duration.ofSeconds(5));
                  owned.close();
                  System.out.flush();
                  ServerLogging.flush();
                  // SIGTERM is an orderly stop: exit 0, not the JVM's 143
                  Runtime.getRuntime().halt(0);
                },
                "wsgate-shutdown"));
    int actualPort = server.port();
    String path = new TreeSet<>(configuration.server().paths()).first();
    out.println(StartupLine.of(configuration, actualPort));
    configuration
        .gate()
        .tenants()
        .forEach(
            (tenant, policy) ->
                policy
                    .origins()
                    .rewrites()
                    .forEach(
                        (typed, form) ->
                            out.println(
                                "wsgate origin entry '"
                                    + typed
                                    + "' of tenant "
                                    + tenant
                                    + " is held as "
                                    + form
                                    + ", the form browsers send")));
    if (admin != null) {
      out.println(
          "wsgate admin on http://"
              + configuration.admin().host()
              + ":"
              + admin.port()
              + " (/metrics /healthz /readyz"
              + (configuration.admin().adminToken().isPresent() ? " /admin/disconnect)" : ")"));
    }
    if (!configuration.cluster().engine().equals("none")) {
      out.println(
          "wsgate cluster engine="
              + configuration.cluster().engine()
              + " instance="
              + configuration.cluster().instanceId()
              + " (connecting in the background; /readyz shows its state)");
    }
    if (dev != null) {
      String token = dev.mintToken(clock.instant());
      out.println(
          "dev mode: provider hmac with " + dev.secretSource() + "; origins http://localhost:*");
      out.println("dev token (valid " + DevMode.TOKEN_LIFETIME.toMinutes() + " min): " + token);
      out.println("paste into the console of a page served from http://localhost:");
      out.println(
          "  new WebSocket(\"ws://localhost:" + actualPort + path + "?token=" + token + "\")");
    }
    out.flush();
    return 0;
  }
}
