package dev.wsgate.server;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the server with its class-data archive when one was made for this jar and this JDK: {@code
 * wsgate-server.jdk<N>.jsa} (AppCDS, JDK 17 to 24) or {@code wsgate-server.jdk<N>.aot} (the
 * ahead-of-time cache of JDK 25 and later) beside the jar, newer than the jar. JVM options cannot
 * come from a jar, so {@code java -jar wsgate-server.jar} starts the server in a second JVM with
 * the archive and the same JVM options and arguments, passes its standard streams through, forwards
 * a stop to it and exits with its status. Without an archive, with {@code
 * WSGATE_CLASS_ARCHIVE=off}, or when the command line already chooses an archive, nothing changes.
 * The archive only holds classes and profiles of the jar it was made from; it never changes
 * behaviour. {@code bench}'s {@code TrainArchive} makes it (BENCHMARKS.md, "Right after start").
 */
final class ArchiveLauncher {
  /** Set on the second JVM, with the first one's pid, so that it never relaunches itself. */
  static final String CHILD_PROPERTY = "wsgate.archive.parent";

  /** How long a stop waits for the server JVM before the launcher gives up on it. */
  private static final long STOP_WAIT_MILLIS = 15_000;

  private ArchiveLauncher() {}

  /**
   * Runs the server in a JVM with the archive when there is one and returns its exit status once it
   * has ended; empty when this JVM should run the server itself.
   */
  static Optional<Integer> runWithArchive(String[] args, Map<String, String> env) {
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
      return Optional.empty(); // run here, without the archive
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
                "wsgate-archive-launcher"));
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
    if ("off".equalsIgnoreCase(env.getOrDefault("WSGATE_CLASS_ARCHIVE", ""))
        || (args.length > 0 && !args[0].startsWith("-"))) {
      return Optional.empty(); // switched off, or a short-lived subcommand
    }
    Optional<Path> jar = jar();
    ProcessHandle.Info info = ProcessHandle.current().info();
    if (jar.isEmpty() || info.command().isEmpty() || info.arguments().isEmpty()) {
      return Optional.empty();
    }
    List<String> jvmOptions = new ArrayList<>();
    for (String a : info.arguments().get()) {
      if (a.equals("-jar")) {
        break;
      }
      if (a.startsWith("-XX:SharedArchiveFile")
          || a.startsWith("-XX:AOTCache")
          || a.startsWith("-XX:AOTMode")
          || a.startsWith("-XX:ArchiveClassesAtExit")
          || a.startsWith("-Xshare")) {
        return Optional.empty(); // the command line chose
      }
      jvmOptions.add(a);
    }
    if (jvmOptions.size() == info.arguments().get().length) {
      return Optional.empty(); // not started with -jar
    }
    Optional<String> archiveOption = archiveOption(jar.get(), Runtime.version().feature());
    if (archiveOption.isEmpty()) {
      return Optional.empty();
    }
    List<String> command = new ArrayList<>();
    command.add(info.command().get());
    command.addAll(jvmOptions);
    command.add(archiveOption.get());
    command.add("-D" + CHILD_PROPERTY + "=" + ProcessHandle.current().pid());
    command.add("-jar");
    command.add(jar.get().toString());
    command.addAll(List.of(args));
    return Optional.of(command);
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
          new File(
                  ArchiveLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI())
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
