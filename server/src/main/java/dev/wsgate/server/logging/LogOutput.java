package dev.wsgate.server.logging;

import dev.wsgate.server.Main;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The server's standard error, where slf4j-simple writes the log: buffered and written out every
 * {@link #FLUSH_INTERVAL} by a daemon thread (and by {@link #flush()} when the server stops or a
 * subcommand ends), instead of one {@code write} system call per line. slf4j-simple flushes its
 * stream after every line, so this stream's own {@code flush()} does not reach the file: passed
 * through, it would be one {@code write} per handshake (BENCHMARKS.md). A line reaches the terminal
 * or file at most {@link #FLUSH_INTERVAL} late. Only {@link Main} installs it: a server embedded in
 * an application logs through whatever SLF4J backend the application chose.
 */
public final class LogOutput {
  static final Duration FLUSH_INTERVAL = Duration.ofMillis(100);

  /** The buffer under {@code System.err} once {@link #install()} ran. */
  private static volatile BufferedOutputStream installed;

  private LogOutput() {}

  /** Replaces {@code System.err} with a buffered stream written out in the background. */
  public static PrintStream install() {
    BufferedOutputStream buffer =
        new BufferedOutputStream(new FileOutputStream(FileDescriptor.err), 1 << 16);
    installed = buffer;
    PrintStream err = new PrintStream(new FlushLater(buffer), false, StandardCharsets.UTF_8);
    System.setErr(err);
    Thread flusher =
        new Thread(
            () -> {
              try {
                while (true) {
                  Thread.sleep(FLUSH_INTERVAL.toMillis());
                  flush();
                }
              } catch (InterruptedException e) {
                flush();
              }
            },
            "wsgate-log-flush");
    flusher.setDaemon(true);
    flusher.start();
    // any exit, a System.exit in a plugin or an uncaught error included, writes out what is held
    Runtime.getRuntime().addShutdownHook(new Thread(LogOutput::flush, "wsgate-log-final-flush"));
    return err;
  }

  /** Writes out what standard error holds now. */
  public static void flush() {
    System.err.flush(); // the print stream's own characters, into the buffer
    BufferedOutputStream buffer = installed;
    if (buffer != null) {
      try {
        buffer.flush(); // synchronized with the writes into it
      } catch (IOException e) {
        // standard error is gone; nothing left to tell
      }
    }
  }

  /** Passes writes through and leaves {@code flush()} to {@link LogOutput#flush()}. */
  private static final class FlushLater extends FilterOutputStream {
    FlushLater(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len); // FilterOutputStream would write byte by byte
    }

    @Override
    public void flush() {}
  }
}
