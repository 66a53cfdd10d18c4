package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar}: the server runs in a second JVM with the JIT options and, when one lies beside
 * the jar, the class-data archive; the output passes through, and a stop of the launcher stops the
 * server with exit status 0. With nothing to add, the first JVM is the server.
 */
final class JvmLauncherIT {
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();

  /** Where the build machines have JDK 25 (-Dwsgate.java25 for elsewhere). */
  private static final String JDK25 = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";

  @Test
  void jar_withArchive_runsTheServerInAJvmWithItAndTheJitOptions(@TempDir Path dir)
      throws Exception {
    Path jar = copyJar(dir);
    int feature = Runtime.version().feature();
    Path archive = JvmLauncher.archive(jar, feature);
    // a short training run: the usage text is enough to make a valid archive for this jar
    String dump = (feature >= 25 ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + archive;
    Process training = new ProcessBuilder(JAVA, dump, "-jar", jar.toString(), "--help").start();
    training.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    assertThat(training.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(archive).isRegularFile();

    serve(
        dir,
        jar,
        Map.of(),
        oneServerJvmWith(JvmLauncher.archiveOption(jar, feature).orElseThrow()));
  }

  @Test
  void jar_withoutArchive_runsTheServerInAJvmWithTheJitOptions(@TempDir Path dir) throws Exception {
    Path jar = copyJar(dir);

    serve(
        dir,
        jar,
        Map.of(),
        oneServerJvmWith()
            .andThen(
                servers ->
                    assertThat(servers.get(0).info().arguments().orElseThrow())
                        .noneMatch(
                            a ->
                                a.startsWith("-XX:SharedArchiveFile") || a.startsWith("-XX:AOT"))));
  }

  @Test
  void jar_onJdk25_theFirstJvmPrintsNothingOfItsOwn(@TempDir Path dir) throws Exception {
    // JDK 24+ logs each ProcessBuilder.start at debug level, with a stack trace
    Path java25 = Path.of(System.getProperty("wsgate.java25", JDK25));
    Assumptions.assumeTrue(Files.isExecutable(java25), "no JDK 25 at " + java25);
    Path jar = copyJar(dir);

    List<String> before =
        serve(dir, java25.toString(), jar, Map.of(), servers -> assertThat(servers).hasSize(1));

    assertThat(before).as("output before the server's start-up line").isEmpty();
  }

  @Test
  void jar_jitDefaultsOffAndNoArchive_isTheServerItself(@TempDir Path dir) throws Exception {
    Path jar = copyJar(dir);

    serve(
        dir,
        jar,
        Map.of("WSGATE_JIT_DEFAULTS", "off"),
        servers -> assertThat(servers).as("no second JVM").isEmpty());
  }

  /** One server JVM, started with the JIT options and {@code options}. */
  private static Consumer<List<ProcessHandle>> oneServerJvmWith(String... options) {
    return servers -> {
      assertThat(servers).hasSize(1);
      List<String> expected = new ArrayList<>(JvmLauncher.JIT_OPTIONS);
      expected.addAll(List.of(options));
      assertThat(servers.get(0).info().arguments().orElseThrow())
          .contains(expected.toArray(String[]::new));
    };
  }

  private static Path copyJar(Path dir) throws Exception {
    return Files.copy(
        Path.of(System.getProperty("wsgate.jar", "target/wsgate-server.jar")),
        dir.resolve("wsgate-server.jar"));
  }

  /**
   * Starts {@code java -jar jar} with a configuration, waits for the start-up line, hands the JVMs
   * it started to {@code check}, then stops it with SIGTERM and expects status 0 and no JVM left.
   */
  private static void serve(
      Path dir, Path jar, Map<String, String> env, Consumer<List<ProcessHandle>> check)
      throws Exception {
    serve(dir, JAVA, jar, env, check);
  }

  /** As above with {@code java}; returns the lines printed before the start-up line. */
  private static List<String> serve(
      Path dir, String java, Path jar, Map<String, String> env, Consumer<List<ProcessHandle>> check)
      throws Exception {
    Path config = dir.resolve("wsgate.properties");
    Files.writeString(
        config,
        String.join(
            "\n",
            "wsgate.listen.host=127.0.0.1",
            "wsgate.listen.port=0",
            "wsgate.origins=https://app.example.com",
            "wsgate.provider=hmac",
            "wsgate.provider.hmac.secret=0123456789abcdef0123456789abcdef-archive",
            ""));
    ProcessBuilder pb =
        new ProcessBuilder(java, "-jar", jar.toString(), "--config", config.toString())
            .redirectErrorStream(true);
    for (String variable :
        List.of(
            "WSGATE_CLASS_ARCHIVE",
            "WSGATE_JIT_DEFAULTS",
            "JDK_JAVA_OPTIONS",
            "JAVA_TOOL_OPTIONS")) {
      pb.environment().remove(variable);
    }
    pb.environment().putAll(env);
    Process launcher = pb.start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8));
      List<String> before = new ArrayList<>();
      String line = out.readLine();
      while (line != null && !line.startsWith("wsgate listening on")) {
        before.add(line);
        line = out.readLine();
      }
      assertThat(line).as("the server's start-up line, passed through").isNotNull();
      List<ProcessHandle> servers = launcher.children().toList();
      check.accept(servers);

      launcher.destroy(); // SIGTERM to the launcher
      assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(launcher.exitValue()).isZero();
      for (ProcessHandle server : servers) {
        assertThat(server.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
      }
      return before;
    } finally {
      launcher.descendants().forEach(ProcessHandle::destroyForcibly);
      launcher.destroyForcibly();
    }
  }
}
