package dev.wsgate.server;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the server in a JVM with the server's JVM defaults, which cannot come from a jar: the JIT
 * options {@link #JIT_OPTIONS} and, when one was made for this jar and this JDK, its class-data
 * archive: {@code wsgate-server.jdk<N>.jsa} (AppCDS, JDK 17 to 24) or {@code
 * wsgate-server.jdk<N>.aot} (the ahead-of-time cache of JDK 25 and later) beside the jar, newer
 * than the jar. So {@code java -jar wsgate-server.jar} starts the server in a second JVM with the
 * same JVM options and arguments plus those, passes its standard streams through, forwards a stop
 * to it and exits with its status. A JIT option whose flag the command line, {@code
 * JDK_JAVA_OPTIONS} or {@code JAVA_TOOL_OPTIONS} already sets is left to them; {@code
 * WSGATE_JIT_DEFAULTS=off} adds none, {@code WSGATE_CLASS_ARCHIVE=off} (or an archive option on the
 * command line) no archive. With nothing to add, for the subcommands, for a run that writes an
 * archive (training), and when not started with {@code -jar}, this JVM runs the server. Neither
 * changes behaviour: the options only steer the JIT, and the archive only holds classes and
 * profiles of the jar it was made from ({@code bench}'s {@code TrainArchive} makes it).
 */
final class JvmLauncher {
  /** Set on the second JVM, with the first one's pid, so that it never relaunches itself. */
  static final String CHILD_PROPERTY = "wsgate.launcher.parent";

  /**
   * What C2 may inline: hot methods up to 100 bytes of bytecode (default 325) and callees whose
   * compiled code is below 1,000 bytes (default 2,500). The accept path runs each of its methods
   * once per handshake, so with the defaults C2 compiles each link of a call chain with everything
   * under it inlined, again for every link, on the cores that serve the handshakes right after a
   * start (BENCHMARKS.md, "JIT options").
   */
  static final List<String> JIT_OPTIONS =
      List.of("-XX:FreqInlineSize=100", "-XX:InlineSmallCode=1000");

  /** How long a stop waits for the server JVM before the launcher gives up on it. */
  private static final long STOP_WAIT_MILLIS = 15_000;

  private JvmLauncher() {}

  /**
   * Runs the server in a JVM with the server's JVM defaults when this one lacks them and returns
   * its exit status once it has ended; empty when this JVM should run the server itself.
   */
  static Optional<Integer> run(String[] args, Map<String, String> env) {
    String parent = System.getProperty(CHILD_PROPERTY);
    if (parent != null) {
      stopWithParent(parent);
      return Optional.empty();
    }
    Optional<List<String>> command = command(args, env);
    if (command.isEmpty()) {
      return Optional.empty();
    }
    Process child;
    try {
      child = new ProcessBuilder(command.get()).inheritIO().start();
    } catch (IOException e) {
      return Optional.empty(); // run here, as started
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  child.destroy();
                  try {
                    child.waitFor(STOP_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  // the server's status is this process's status, also on SIGTERM
                  Runtime.getRuntime().halt(child.isAlive() ? 1 : child.exitValue());
                },
                "wsgate-launcher"));
    while (true) {
      try {
        return Optional.of(child.waitFor());
      } catch (InterruptedException e) {
        // only a stop interrupts; the shutdown hook handles it
      }
    }
  }

  /** The second JVM's command line, or empty when this JVM should run the server itself. */
  static Optional<List<String>> command(String[] args, Map<String, String> env) {
    Optional<Path> jar = jar();
    ProcessHandle.Info info = ProcessHandle.current().info();
    if (jar.isEmpty() || info.command().isEmpty() || info.arguments().isEmpty()) {
      return Optional.empty();
    }
    return command(
        args,
        env,
        jar.get(),
        info.command().get(),
        List.of(info.arguments().get()),
        Runtime.version().feature());
  }

  /**
   * The second JVM's command line for a JVM started as {@code java} with {@code arguments} (JVM
   * options, {@code -jar}, the jar, {@code args}) on JDK {@code feature}, or empty.
   */
  static Optional<List<String>> command(
      String[] args,
      Map<String, String> env,
      Path jar,
      String java,
      List<String> arguments,
      int feature) {
    int dashJar = arguments.indexOf("-jar");
    if ((args.length > 0 && !args[0].startsWith("-")) || dashJar < 0) {
      return Optional.empty(); // a short-lived subcommand, or not started with -jar
    }
    List<String> jvmOptions = arguments.subList(0, dashJar);
    if (jvmOptions.stream().anyMatch(JvmLauncher::writesArchive)) {
      return Optional.empty(); // a training run: the archive is of this JVM's classes
    }
    List<String> added = new ArrayList<>(jitOptions(jvmOptions, env));
    if (!off(env, "WSGATE_CLASS_ARCHIVE")
        && jvmOptions.stream().noneMatch(JvmLauncher::choosesArchive)) {
      archiveOption(jar, feature).ifPresent(added::add);
    }
    if (added.isEmpty()) {
      return Optional.empty();
    }
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    command.addAll(added);
    command.add("-D" + CHILD_PROPERTY + "=" + ProcessHandle.current().pid());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    return Optional.of(command);
  }

  /**
   * The options of {@link #JIT_OPTIONS} whose flag neither {@code jvmOptions} nor the JVM's option
   * variables set; none with {@code WSGATE_JIT_DEFAULTS=off}.
   */
  static List<String> jitOptions(List<String> jvmOptions, Map<String, String> env) {
    if (off(env, "WSGATE_JIT_DEFAULTS")) {
      return List.of();
    }
    Set<String> set = new HashSet<>();
    jvmOptions.forEach(o -> flag(o).ifPresent(set::add));
    for (String variable : List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS")) {
      for (String o : env.getOrDefault(variable, "").trim().split("\\s+")) {
        flag(o).ifPresent(set::add);
      }
    }
    return JIT_OPTIONS.stream().filter(o -> !set.contains(flag(o).orElseThrow())).toList();
  }

  /**
   * The flag an {@code -XX:} option sets: {@code Foo} of {@code -XX:Foo=1} and {@code -XX:+Foo}.
   */
  static Optional<String> flag(String option) {
    if (!option.startsWith("-XX:") || option.length() < 5) {
      return Optional.empty();
    }
    String rest = option.substring(4);
    if (rest.startsWith("+") || rest.startsWith("-")) {
      rest = rest.substring(1);
    }
    int eq = rest.indexOf('=');
    return Optional.of(eq < 0 ? rest : rest.substring(0, eq));
  }

  /** An option that chooses which archive this JVM reads (those that write one return earlier). */
  private static boolean choosesArchive(String option) {
    return option.startsWith("-XX:SharedArchiveFile")
        || option.startsWith("-XX:AOTCache")
        || option.startsWith("-XX:AOTMode")
        || option.startsWith("-Xshare");
  }

  private static boolean writesArchive(String option) {
    return option.startsWith("-XX:ArchiveClassesAtExit")
        || option.startsWith("-XX:AOTCacheOutput")
        || option.startsWith("-XX:AOTMode=record")
        || option.startsWith("-XX:AOTMode=create")
        || option.startsWith("-XX:DumpLoadedClassList")
        || option.equals("-Xshare:dump");
  }

  private static boolean off(Map<String, String> env, String variable) {
    return "off".equalsIgnoreCase(env.getOrDefault(variable, ""));
  }

  /** The option that uses the archive made for {@code jar} on JDK {@code feature}, if any. */
  static Optional<String> archiveOption(Path jar, int feature) {
    Path archive = archive(jar, feature);
    try {
      if (!Files.isReadable(archive)
          || Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) < 0) {
        return Optional.empty(); // none, or made from an older build of the jar
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.of(
        (feature >= 25 ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive.toAbsolutePath());
  }

  /** Where the archive for {@code jar} on JDK {@code feature} lives: beside the jar. */
  static Path archive(Path jar, int feature) {
    String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
    return jar.resolveSibling(name + ".jdk" + feature + (feature >= 25 ? ".aot" : ".jsa"));
  }

  private static Optional<Path> jar() {
    try {
      Path p =
          new File(JvmLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .toPath();
      return p.toString().endsWith(".jar") ? Optional.of(p) : Optional.empty();
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The server JVM stops (its shutdown hook closes connections) when the launcher is killed. */
  private static void stopWithParent(String pid) {
    try {
      ProcessHandle.of(Long.parseLong(pid))
          .ifPresent(p -> p.onExit().thenRun(() -> System.exit(0)));
    } catch (NumberFormatException e) {
      // not started by the launcher
    }
  }
}
