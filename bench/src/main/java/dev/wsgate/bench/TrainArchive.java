package dev.wsgate.bench;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The training run that makes the server's class-data archive for one JDK: starts the server jar
 * with {@code -XX:ArchiveClassesAtExit} (JDK 17 to 24) or {@code -XX:AOTCacheOutput} (JDK 25+),
 * sends it {@code --handshakes} upgrades (70% valid, 30% of the invalid kinds of the load driver's
 * mix) and stops it, which writes {@code wsgate-server.jdk<N>.jsa} or {@code .aot} beside the jar,
 * where {@code java -jar wsgate-server.jar} picks it up on that JDK. Repeat after every build of
 * the jar (an archive older than the jar is ignored).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.wsgate.bench.TrainArchive \
 *     --jar server/target/wsgate-server.jar [--java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java]
 * </pre>
 */
public final class TrainArchive {
  private TrainArchive() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = Options.parse(args);
    // absolute: the archive records the class path, and the server is started by its absolute path
    Path jar =
        Path.of(opts.getOrDefault("jar", "server/target/wsgate-server.jar"))
            .toAbsolutePath()
            .normalize();
    String java =
        opts.getOrDefault(
            "java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    int feature = feature(Path.of(java));
    String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
    Path archive =
        jar.toAbsolutePath()
            .resolveSibling(name + ".jdk" + feature + (feature >= 25 ? ".aot" : ".jsa"));
    Files.deleteIfExists(archive);
    String option = (feature >= 25 ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + archive;
    FreshServer.Launch launch =
        FreshServer.Launch.from(
            Map.of(
                "jar",
                jar.toString(),
                "java",
                java,
                "server-cpu",
                opts.getOrDefault("server-cpu", "-1"),
                "wsgate-opts",
                option + " -Xlog:cds=off -Xlog:cds+dynamic=off"));
    Path dir = Files.createTempDirectory("wsgate-train");
    int handshakes = Integer.parseInt(opts.getOrDefault("handshakes", "20000"));
    try (FreshServer server =
        FreshServer.start(launch, "wsgate", dir, Options.HARNESS_SECRET, "")) {
      server.awaitListening(TimeUnit.SECONDS.toNanos(60));
      int answered = drive(server.port, handshakes);
      System.out.printf("training: %d of %d upgrades answered%n", answered, handshakes);
    }
    if (!Files.isRegularFile(archive)) {
      throw new IOException("no archive written; see the server's log in " + dir);
    }
    System.out.printf(
        "archive: %s (%,d bytes) for JDK %d%n", archive, Files.size(archive), feature);
  }

  private static int drive(int port, int handshakes) throws Exception {
    Tokens tokens = new Tokens(Options.HARNESS_SECRET, FreshServer.ISSUER, FreshServer.AUDIENCE);
    List<Tokens.Kind> kinds = List.of(Tokens.Kind.values());
    String[] targets = new String[100];
    Tokens.Kind[] kindOf = new Tokens.Kind[targets.length];
    for (int i = 0; i < targets.length; i++) {
      // 70 valid, then 6 of each invalid kind
      kindOf[i] = i < 70 ? Tokens.Kind.VALID : kinds.get(1 + (i - 70) % (kinds.size() - 1));
      targets[i] =
          FreshServer.PATH
              + "?token="
              + URLEncoder.encode(tokens.forKind(kindOf[i], i), StandardCharsets.UTF_8);
    }
    AtomicInteger next = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    byte[] echo = "training".getBytes(StandardCharsets.UTF_8);
    ExecutorService workers = Executors.newFixedThreadPool(8);
    for (int w = 0; w < 8; w++) {
      workers.execute(
          () -> {
            int i;
            while ((i = next.getAndIncrement()) < handshakes) {
              int k = i % targets.length;
              String origin =
                  kindOf[k] == Tokens.Kind.ORIGIN ? "https://evil.example" : FreshServer.ORIGIN;
              try (WsProbe probe = new WsProbe("127.0.0.1", port, 5000)) {
                if (probe.upgrade("127.0.0.1", port, targets[k], origin) == 101) {
                  probe.echo(echo);
                  probe.closeHandshake();
                } else {
                  probe.serverClosed();
                }
                answered.incrementAndGet();
              } catch (IOException | RuntimeException e) {
                // counted as not answered
              }
            }
          });
    }
    workers.shutdown();
    workers.awaitTermination(1, TimeUnit.HOURS);
    return answered.get();
  }

  /** The feature release of the JDK that {@code java} belongs to, from its {@code release} file. */
  private static int feature(Path java) throws IOException {
    Path release = java.toAbsolutePath().getParent().getParent().resolve("release");
    if (Files.isRegularFile(release)) {
      for (String line : Files.readAllLines(release)) {
        if (line.startsWith("JAVA_VERSION=")) {
          String v = line.substring(line.indexOf('"') + 1);
          return Integer.parseInt(v.split("[.\"]")[0]);
        }
      }
    }
    return Runtime.version().feature();
  }
}
