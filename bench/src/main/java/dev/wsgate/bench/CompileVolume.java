package dev.wsgate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * What C2 compiled, phase by phase, in a flight recording of a server under the load driver: the
 * number of compilations, their time and their code, and the largest of them. The phases come from
 * a marks file of {@code name epoch-millis} lines, one per phase start, in order; a compilation
 * belongs to the last phase that started before it. {@code bench/jit-volume.sh} makes both files.
 * See BENCHMARKS.md, "What C2 compiles twice".
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.wsgate.bench.CompileVolume server.jfr marks.txt [TOP]
 * </pre>
 */
public final class CompileVolume {
  private static final int C2 = 4;

  private record Mark(String phase, Instant start) {}

  private record Compilation(String method, Instant start, Duration time, long codeBytes) {}

  private CompileVolume() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: CompileVolume RECORDING.jfr MARKS [TOP]");
      System.exit(2);
    }
    List<Mark> marks = marks(Path.of(args[1]));
    List<Compilation> c2 = c2(Path.of(args[0]));
    int top = args.length > 2 ? Integer.parseInt(args[2]) : 15;

    System.out.println("| phase | C2 compilations | C2 time | C2 code |");
    System.out.println("|---|---|---|---|");
    for (int i = -1; i < marks.size(); i++) {
      String phase = i < 0 ? "before " + marks.get(0).phase() : marks.get(i).phase();
      int n = 0;
      Duration time = Duration.ZERO;
      long bytes = 0;
      for (Compilation c : c2) {
        if (phaseIndex(marks, c.start()) == i) {
          n++;
          time = time.plus(c.time());
          bytes += c.codeBytes();
        }
      }
      System.out.printf(
          Locale.ROOT, "| %s | %d | %.2f s | %.2f MB |%n", phase, n, seconds(time), bytes / 1e6);
    }
    System.out.printf(
        Locale.ROOT,
        "all: %d C2 compilations, %.2f s, %.2f MB%n%nthe largest:%n",
        c2.size(),
        seconds(c2.stream().map(Compilation::time).reduce(Duration.ZERO, Duration::plus)),
        c2.stream().mapToLong(Compilation::codeBytes).sum() / 1e6);
    c2.stream()
        .sorted(Comparator.comparingLong(Compilation::codeBytes).reversed())
        .limit(top)
        .forEach(
            c -> {
              int i = phaseIndex(marks, c.start());
              System.out.printf(
                  Locale.ROOT,
                  "%8.1f KB %6.3f s  %-8s %s%n",
                  c.codeBytes() / 1e3,
                  seconds(c.time()),
                  i < 0 ? "-" : marks.get(i).phase(),
                  c.method());
            });
  }

  private static List<Mark> marks(Path file) throws IOException {
    List<Mark> marks = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 2) {
        marks.add(new Mark(f[0], Instant.ofEpochMilli(Long.parseLong(f[1]))));
      }
    }
    if (marks.isEmpty()) {
      throw new IllegalArgumentException(file + " has no 'phase epoch-millis' line");
    }
    return marks;
  }

  /** C2's compilations in the recording, each once (a compilation id is recorded once). */
  private static List<Compilation> c2(Path recording) throws IOException {
    List<Compilation> out = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent e = file.readEvent();
        if (!e.getEventType().getName().equals("jdk.Compilation")
            || e.getInt("compileLevel") != C2
            || !seen.add(e.getLong("compileId"))) {
          continue;
        }
        RecordedMethod m = e.getValue("method");
        out.add(
            new Compilation(
                m.getType().getName() + "." + m.getName() + (e.getBoolean("isOsr") ? " (OSR)" : ""),
                e.getStartTime(),
                e.getDuration(),
                e.getLong("codeSize")));
      }
    }
    return out;
  }

  /** The index of the last mark at or before {@code t}; -1 before the first. */
  private static int phaseIndex(List<Mark> marks, Instant t) {
    int i = -1;
    while (i + 1 < marks.size() && !marks.get(i + 1).start().isAfter(t)) {
      i++;
    }
    return i;
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
