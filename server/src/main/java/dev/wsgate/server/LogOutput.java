package dev.wsgate.server;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The server's standard error, where slf4j-simple writes the log: buffered and flushed every {@link
 * #FLUSH_INTERVAL} by a daemon thread (and when the server stops), instead of one {@code write}
 * system call per line. With a log line per handshake, the per-line flush cost 8-10 µs of a 60-90
 * µs handshake (BENCHMARKS.md); a line now reaches the terminal or file at most 100 ms late. Only
 * {@link Main} installs it: a server embedded in an application logs through whatever SLF4J backend
 * the application chose.
 */
final class LogOutput {
  static final Duration FLUSH_INTERVAL = Duration.ofMillis(100);

  private LogOutput() {}

  /** Replaces {@code System.err} with a buffered stream flushed in the background; returns it. */
  static PrintStream install() {
    PrintStream err =
        new PrintStream(
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.err), 1 << 16),
            false,
            StandardCharsets.UTF_8);
    System.setErr(err);
    Thread flusher =
        new Thread(
            () -> {
              try {
                while (true) {
                  Thread.sleep(FLUSH_INTERVAL.toMillis());
                  err.flush();
                }
              } catch (InterruptedException e) {
                err.flush();
              }
            },
            "wsgate-log-flush");
    flusher.setDaemon(true);
    flusher.start();
    return err;
  }
}
