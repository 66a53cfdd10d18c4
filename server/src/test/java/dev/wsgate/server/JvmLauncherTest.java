package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class JvmLauncherTest {
  private static final String JAVA = "/usr/lib/jvm/jdk/bin/java";
  private static final String PARENT = "-Dwsgate.launcher.parent=" + ProcessHandle.current().pid();

  @Test
  void archive_isBesideTheJar_namedForTheJdk() {
    Path jar = Path.of("/opt/wsgate/wsgate-server.jar");

    assertThat(JvmLauncher.archive(jar, 17))
        .isEqualTo(Path.of("/opt/wsgate/wsgate-server.jdk17.jsa"));
    assertThat(JvmLauncher.archive(jar, 21))
        .isEqualTo(Path.of("/opt/wsgate/wsgate-server.jdk21.jsa"));
    assertThat(JvmLauncher.archive(jar, 25))
        .isEqualTo(Path.of("/opt/wsgate/wsgate-server.jdk25.aot"));
  }

  @Test
  void archiveOption_newerArchive_usesItWithTheJdksOption(@TempDir Path dir) throws Exception {
    Path jar = touch(dir.resolve("wsgate-server.jar"), 0);
    touch(dir.resolve("wsgate-server.jdk17.jsa"), 60);
    touch(dir.resolve("wsgate-server.jdk25.aot"), 60);

    assertThat(JvmLauncher.archiveOption(jar, 17))
        .contains("-XX:SharedArchiveFile=" + dir.resolve("wsgate-server.jdk17.jsa"));
    assertThat(JvmLauncher.archiveOption(jar, 25))
        .contains("-XX:AOTCache=" + dir.resolve("wsgate-server.jdk25.aot"));
  }

  @Test
  void archiveOption_noArchiveOrOneOlderThanTheJar_runsWithout(@TempDir Path dir) throws Exception {
    Path jar = touch(dir.resolve("wsgate-server.jar"), 60);
    touch(dir.resolve("wsgate-server.jdk17.jsa"), 0);

    assertThat(JvmLauncher.archiveOption(jar, 17)).isEmpty(); // from an older build
    assertThat(JvmLauncher.archiveOption(jar, 21)).isEmpty(); // none for this JDK
  }

  @Test
  void command_plainJavaJar_addsTheJitOptions() {
    Path jar = Path.of("/opt/wsgate/wsgate-server.jar");

    assertThat(command(jar, Map.of(), List.of("-Xmx1g"), "--config", "w.properties"))
        .contains(
            expected(
                List.of("-Xmx1g", "-XX:FreqInlineSize=100", "-XX:InlineSmallCode=1000"),
                jar,
                "--config",
                "w.properties"));
  }

  @Test
  void command_flagsAlreadySet_leavesThemToTheCommandLineOrTheVariables() {
    Path jar = Path.of("/opt/wsgate/wsgate-server.jar");

    assertThat(command(jar, Map.of(), List.of("-XX:FreqInlineSize=325")))
        .contains(expected(List.of("-XX:FreqInlineSize=325", "-XX:InlineSmallCode=1000"), jar));
    assertThat(
            command(
                jar,
                Map.of("JDK_JAVA_OPTIONS", " -XX:InlineSmallCode=2500 "),
                List.of("-XX:FreqInlineSize=325")))
        .as("every flag set: nothing to add, so no second JVM")
        .isEmpty();
    assertThat(
            command(
                jar,
                Map.of("JAVA_TOOL_OPTIONS", "-XX:FreqInlineSize=325 -XX:InlineSmallCode=2500"),
                List.of()))
        .isEmpty();
  }

  @Test
  void command_jitDefaultsOff_onlyTheArchiveStartsASecondJvm(@TempDir Path dir) throws Exception {
    Path jar = touch(dir.resolve("wsgate-server.jar"), 0);
    Map<String, String> off = Map.of("WSGATE_JIT_DEFAULTS", "off");

    assertThat(command(jar, off, List.of())).isEmpty();
    touch(dir.resolve("wsgate-server.jdk17.jsa"), 60);
    assertThat(command(jar, off, List.of()))
        .contains(
            expected(
                List.of("-XX:SharedArchiveFile=" + dir.resolve("wsgate-server.jdk17.jsa")), jar));
    assertThat(
            command(
                jar,
                Map.of("WSGATE_JIT_DEFAULTS", "off", "WSGATE_CLASS_ARCHIVE", "off"),
                List.of()))
        .isEmpty();
    assertThat(command(jar, off, List.of("-Xshare:off")))
        .as("the command line chose about the archive")
        .isEmpty();
  }

  @Test
  void command_subcommandOrNotStartedWithJar_runsInThisJvm() {
    Path jar = Path.of("/opt/wsgate/wsgate-server.jar");

    assertThat(command(jar, Map.of(), List.of(), "token", "--sub", "a")).isEmpty();
    assertThat(
            JvmLauncher.command(
                new String[] {"--config", "x.properties"},
                Map.of(),
                jar,
                JAVA,
                List.of(
                    "-cp", jar.toString(), "dev.wsgate.server.Main", "--config", "x.properties"),
                17))
        .isEmpty();
  }

  @Test
  void command_trainingRun_runsInThisJvm() {
    Path jar = Path.of("/opt/wsgate/wsgate-server.jar");

    assertThat(command(jar, Map.of(), List.of("-XX:ArchiveClassesAtExit=/tmp/a.jsa"), "--help"))
        .isEmpty();
    assertThat(command(jar, Map.of(), List.of("-XX:AOTCacheOutput=/tmp/a.aot"))).isEmpty();
    assertThat(command(jar, Map.of(), List.of("-XX:SharedArchiveFile=/tmp/a.jsa")))
        .as("reading an archive of the operator's: the JIT options still apply")
        .contains(
            expected(
                List.of(
                    "-XX:SharedArchiveFile=/tmp/a.jsa",
                    "-XX:FreqInlineSize=100",
                    "-XX:InlineSmallCode=1000"),
                jar));
  }

  @Test
  void flag_isTheNameAnXxOptionSets() {
    assertThat(JvmLauncher.flag("-XX:FreqInlineSize=100")).contains("FreqInlineSize");
    assertThat(JvmLauncher.flag("-XX:-TieredCompilation")).contains("TieredCompilation");
    assertThat(JvmLauncher.flag("-XX:+UseSerialGC")).contains("UseSerialGC");
    assertThat(JvmLauncher.flag("-Xmx1g")).isEmpty();
    assertThat(JvmLauncher.flag("-XX:")).isEmpty();
  }

  /** The command for {@code java [jvmOptions] -jar jar [args]} on JDK 17. */
  private static java.util.Optional<List<String>> command(
      Path jar, Map<String, String> env, List<String> jvmOptions, String... args) {
    List<String> arguments = new ArrayList<>(jvmOptions);
    arguments.add("-jar");
    arguments.add(jar.toString());
    arguments.addAll(List.of(args));
    return JvmLauncher.command(args, env, jar, JAVA, arguments, 17);
  }

  private static List<String> expected(List<String> options, Path jar, String... args) {
    List<String> command = new ArrayList<>(List.of(JAVA));
    command.addAll(options);
    command.add(PARENT);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    return command;
  }

  private static Path touch(Path file, long secondsLater) throws Exception {
    Files.writeString(file, "x");
    Files.setLastModifiedTime(
        file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(secondsLater)));
    return file;
  }
}
