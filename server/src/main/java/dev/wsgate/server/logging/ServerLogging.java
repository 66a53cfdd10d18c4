package dev.wsgate.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import dev.wsgate.internal.SettingValues;
import dev.wsgate.server.Main;
import dev.wsgate.server.config.ConfigLoader;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * The jar's logging: Logback, configured here rather than by a file, writing lines of the form
 * {@link #PATTERN} to standard error through a 64 KiB buffer. Logback's {@link
 * OutputStreamAppender} writes each line into the buffer with {@code immediateFlush} off; the
 * buffer reaches file descriptor 2 when it is full, every {@link #FLUSH_INTERVAL} (a daemon
 * thread), and by {@link #flush()}, which {@link Main} calls before every exit and at the end of a
 * stop. Logback's {@code ConsoleAppender} is no use for this: it writes through {@code System.err},
 * a {@code PrintStream} that flushes on every write whatever {@code immediateFlush} says, so each
 * line would be a {@code write} system call (BENCHMARKS.md). {@code System.Logger} output of the
 * libraries reaches Logback through {@code slf4j-jdk-platform-logging}.
 *
 * <p>With {@code -Dlogback.configurationFile=FILE} that file configures Logback instead, levels
 * included, and {@code wsgate.log.level} is only checked. Only {@link Main} installs any of this:
 * an application that embeds the adapter logs through its own SLF4J backend.
 */
public final class ServerLogging {
  /** The level of every logger: trace, debug, info, warn, error or off. */
  public static final String KEY = "wsgate.log.level";

  /** slf4j-simple's line, kept: thread, level, logger, message, then any stack trace. */
  static final String PATTERN = "[%thread] %level %logger - %msg%n";

  static final Duration FLUSH_INTERVAL = Duration.ofMillis(100);
  static final int BUFFER_BYTES = 1 << 16;

  private static final Set<String> LEVELS =
      Set.of("trace", "debug", "info", "warn", "error", "off");

  /** The buffer under the log once {@link #install()} configured Logback, else null. */
  private static volatile @Nullable BufferedOutputStream buffer;

  private ServerLogging() {}

  /** The level {@code value} names, for {@link ConfigLoader}; the message names the choices. */
  public static String parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (!LEVELS.contains(v)) {
      throw new IllegalArgumentException(
          "must be one of trace, debug, info, warn, error, off, got '" + value + "'");
    }
    return v;
  }

  /**
   * Configures Logback as described above and returns the stream for the jar's own messages (usage,
   * start-up errors): the same buffer, so that they keep their place among the log lines. With a
   * configuration file of the operator's, returns {@code System.err}.
   */
  public static PrintStream install() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    if (System.getProperty("logback.configurationFile") != null) {
      return System.err;
    }
    context.reset();
    BufferedOutputStream out =
        new BufferedOutputStream(
            new FileOutputStream(FileDescriptor.err) {
              @Override
              public void close() {
                // file descriptor 2 stays open for whatever is printed after the log stops
              }
            },
            BUFFER_BYTES);
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setName("stderr");
    appender.setEncoder(encoder);
    appender.setImmediateFlush(false);
    appender.setOutputStream(out);
    appender.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(appender);
    buffer = out;

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
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ServerLogging::flush, "wsgate-log-final-flush"));
    return new PrintStream(out, false, StandardCharsets.UTF_8);
  }

  /**
   * Sets the level from {@link #KEY} in {@code properties} when {@link #install()} configured
   * Logback; a bad value is left to {@link ConfigLoader}, which reports it with the other problems.
   */
  public static void applyLevel(Map<String, String> properties, Function<String, String> env) {
    String raw = properties.get(KEY);
    if (raw == null || buffer == null) {
      return;
    }
    try {
      String level = parse(SettingValues.resolve(raw, env));
      LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
      context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(level));
    } catch (IllegalArgumentException e) {
      // ConfigLoader reports it
    }
  }

  /** Writes out what the log's buffer holds now. */
  public static void flush() {
    System.err.flush();
    BufferedOutputStream out = buffer;
    if (out != null) {
      try {
        out.flush(); // synchronized with the appender's writes into it
      } catch (IOException e) {
        // standard error is gone; nothing left to tell
      }
    }
  }
}
