package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar with a class-data archive beside it: {@code java -jar} runs the server in a second JVM
 * that uses the archive, passes its output through, and a stop of the launcher stops the server
 * with exit status 0.
 */
final class ArchiveLauncherIT {
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @Test
  void jar_withArchive_runsTheServerInAJvmUsingIt(@TempDir Path dir) throws Exception {
    Path jar =
        Files.copy(
            Path.of(System.getProperty("wsgate.jar", "target/wsgate-server.jar")),
            dir.resolve("wsgate-server.jar"));
    int feature = Runtime.version().feature();
    Path archive = ArchiveLauncher.archive(jar, feature);
    // a short training run: the usage text is enough to make a valid archive for this jar
    String dump = (feature >= 25 ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + archive;
    Process training = new ProcessBuilder(JAVA, dump, "-jar", jar.toString(), "--help").start();
    training.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    assertThat(training.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(archive).isRegularFile();
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

    List<String> command = new ArrayList<>(List.of(JAVA, "-jar", jar.toString()));
    command.addAll(List.of("--config", config.toString()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("WSGATE_CLASS_ARCHIVE");
    Process launcher = pb.start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      while (line != null && !line.startsWith("wsgate listening on")) {
        line = out.readLine();
      }
      assertThat(line).as("the server's start-up line, passed through").isNotNull();
      List<ProcessHandle> servers = launcher.children().toList();
      assertThat(servers).hasSize(1);
      assertThat(servers.get(0).info().arguments().orElseThrow())
          .contains(ArchiveLauncher.archiveOption(jar, feature).orElseThrow());

      launcher.destroy(); // SIGTERM to the launcher
      assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(launcher.exitValue()).isZero();
      assertThat(servers.get(0).onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
    } finally {
      launcher.descendants().forEach(ProcessHandle::destroyForcibly);
      launcher.destroyForcibly();
    }
  }
}
