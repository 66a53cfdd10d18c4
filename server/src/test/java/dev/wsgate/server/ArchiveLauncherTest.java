package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ArchiveLauncherTest {
  @Test
  void archive_isBesideTheJar_namedForTheJdk() {
    Path jar = Path.of("/opt/wsgate/wsgate-server.jar");

    assertThat(ArchiveLauncher.archive(jar, 17))
        .isEqualTo(Path.of("/opt/wsgate/wsgate-server.jdk17.jsa"));
    assertThat(ArchiveLauncher.archive(jar, 21))
        .isEqualTo(Path.of("/opt/wsgate/wsgate-server.jdk21.jsa"));
    assertThat(ArchiveLauncher.archive(jar, 25))
        .isEqualTo(Path.of("/opt/wsgate/wsgate-server.jdk25.aot"));
  }

  @Test
  void archiveOption_newerArchive_usesItWithTheJdksOption(@TempDir Path dir) throws Exception {
    Path jar = touch(dir.resolve("wsgate-server.jar"), 0);
    touch(dir.resolve("wsgate-server.jdk17.jsa"), 60);
    touch(dir.resolve("wsgate-server.jdk25.aot"), 60);

    assertThat(ArchiveLauncher.archiveOption(jar, 17))
        .contains("-XX:SharedArchiveFile=" + dir.resolve("wsgate-server.jdk17.jsa"));
    assertThat(ArchiveLauncher.archiveOption(jar, 25))
        .contains("-XX:AOTCache=" + dir.resolve("wsgate-server.jdk25.aot"));
  }

  @Test
  void archiveOption_noArchiveOrOneOlderThanTheJar_runsWithout(@TempDir Path dir) throws Exception {
    Path jar = touch(dir.resolve("wsgate-server.jar"), 60);
    touch(dir.resolve("wsgate-server.jdk17.jsa"), 0);

    assertThat(ArchiveLauncher.archiveOption(jar, 17)).isEmpty(); // from an older build
    assertThat(ArchiveLauncher.archiveOption(jar, 21)).isEmpty(); // none for this JDK
  }

  @Test
  void command_switchedOffOrSubcommand_runsInThisJvm() {
    assertThat(ArchiveLauncher.command(new String[0], Map.of("WSGATE_CLASS_ARCHIVE", "off")))
        .isEmpty();
    assertThat(ArchiveLauncher.command(new String[] {"token", "--sub", "a"}, Map.of())).isEmpty();
  }

  @Test
  void command_notRunFromAJar_runsInThisJvm() {
    // the test runs the classes from target/classes: there is no jar to find an archive beside
    assertThat(ArchiveLauncher.command(new String[] {"--config", "x.properties"}, Map.of()))
        .isEmpty();
  }

  private static Path touch(Path file, long secondsLater) throws Exception {
    Files.writeString(file, "x");
    Files.setLastModifiedTime(
        file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(secondsLater)));
    return file;
  }
}
