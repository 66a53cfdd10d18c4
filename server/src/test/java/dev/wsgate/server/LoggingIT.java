package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.testkit.Eventually;
import dev.wsgate.testkit.RawHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar's log (server/README.md, "Logs") as a child process sees it: Logback over a buffered
 * standard error, written out while the server runs and in full when it stops or a subcommand ends;
 * {@code System.Logger} output of a plugin reaches it; {@code wsgate.log.level} filters.
 */
final class LoggingIT {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String ORIGIN = "Origin: http://localhost:3000";

  /** The handshake line of README's "Logs", behind slf4j-simple's thread, level and logger. */
  private static final Pattern ACCEPTED =
      Pattern.compile(
          "\\[[^\\]]+\\] INFO dev\\.wsgate\\.adapter\\.javawebsocket\\.handshake - handshake"
              + " accepted status=101 failure=- remote=127\\.0\\.0\\.1:\\d+"
              + " target=/ws\\?token=\\[REDACTED\\] origin=http://localhost:3000 tenant=default"
              + " token=[0-9a-f]{8} subprotocol=- latency_ms=\\d+");

  /**
   * How many info lines the plugin logs when it creates its verifier, and again when the verifier
   * is closed while the server stops: those end right before the process does, after the last
   * periodic flush.
   */
  private static final int LINES = 500;

  @Test
  void devMode_handshakeLines_reachStandardErrorWhileRunningInTheDocumentedForm() throws Exception {
    try (ServerProcess child = ServerProcess.run(Map.of(), "--port", "0")) {
      // nothing of the backend's own on standard output: the start-up line comes first
      String first = child.out.poll(60, TimeUnit.SECONDS);
      Matcher listening = ServerProcess.LISTENING.matcher(String.valueOf(first));
      assertThat(listening.matches()).as("first line %s; stderr: %s", first, child.err).isTrue();
      int port = Integer.parseInt(listening.group(2));
      String tokenLine = child.awaitLine("dev token");
      String token = tokenLine.substring(tokenLine.lastIndexOf(' ') + 1);

      assertThat(RawHttp.exchange(port, RawHttp.upgrade("/ws?token=" + token, ORIGIN)).status())
          .isEqualTo(101);
      assertThat(RawHttp.exchange(port, RawHttp.upgrade("/ws?token=x" + token, ORIGIN)).status())
          .isEqualTo(401);

      // written out by the periodic flush: the server is still running
      assertThat(
              Eventually.holds(
                  DEADLINE,
                  () -> errLines(child).stream().anyMatch(l -> ACCEPTED.matcher(l).matches())))
          .as("accepted line; stderr: %s", child.err)
          .isTrue();
      awaitErr(child, "handshake rejected status=401 failure=MALFORMED_TOKEN");
      assertThat(child.process.isAlive()).isTrue();
      assertThat(child.err.toString()).doesNotContain(token);
    }
  }

  @Test
  void sigterm_linesLoggedThroughSystemLoggerWhileStopping_allReachStandardError(@TempDir Path dir)
      throws Exception {
    try (ServerProcess child = ServerProcess.start(dir, chattyConfig(dir, ""))) {
      child.awaitListening();
      awaitErr(child, "chatty created");

      child.stop(); // the plugin's close() logs while the server stops

      assertThat(child.awaitExit()).isZero();
      awaitErr(child, "chatty closed");
      assertThat(errLines(child).stream().filter(l -> l.contains(" - chatty closing ")))
          .containsExactlyElementsOf(
              IntStream.range(0, LINES)
                  .mapToObj(i -> "[wsgate-shutdown] INFO chatty - chatty closing " + i)
                  .toList());
    }
  }

  @Test
  void logLevel_warn_dropsInfoLinesAndKeepsWarnings(@TempDir Path dir) throws Exception {
    try (ServerProcess child =
        ServerProcess.start(dir, chattyConfig(dir, "wsgate.log.level=WARN\n"))) {
      child.awaitListening();
      child.stop();
      assertThat(child.awaitExit()).isZero();
      awaitErr(child, "chatty closed");
      assertThat(errLines(child))
          .anyMatch(l -> l.endsWith(" WARN chatty - chatty created"))
          .noneMatch(l -> l.contains(" INFO "));
    }
  }

  @Test
  void logLevel_unknown_exits78NamingTheKey(@TempDir Path dir) throws Exception {
    try (ServerProcess child =
        ServerProcess.start(dir, chattyConfig(dir, "wsgate.log.level=loud\n"))) {
      assertThat(child.awaitExit()).isEqualTo(Main.EXIT_CONFIG);
      awaitErr(
          child,
          "wsgate.log.level must be one of trace, debug, info, warn, error, off, got 'loud'");
    }
  }

  @Test
  void checkConfig_subcommandThatLogs_losesNoLineWhenItExits(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("wsgate.properties"), chattyConfig(dir, ""));
    try (ServerProcess child = ServerProcess.run(Map.of(), "check-config", config.toString())) {
      assertThat(child.awaitExit()).isZero();
      awaitErr(child, "chatty created");
      assertThat(errLines(child).stream().filter(l -> l.contains(" - chatty creating ")))
          .hasSize(LINES);
    }
  }

  @Test
  void configurationFileProperty_operatorsLogbackFile_replacesTheBuiltInSetup(@TempDir Path dir)
      throws Exception {
    Path logback =
        Files.writeString(
            dir.resolve("logback.xml"),
            "<configuration>\n"
                + "  <appender name=\"e\" class=\"ch.qos.logback.core.ConsoleAppender\">\n"
                + "    <target>System.err</target>\n"
                + "    <encoder><pattern>operator %level %logger{0} %msg%n</pattern></encoder>\n"
                + "  </appender>\n"
                + "  <root level=\"warn\"><appender-ref ref=\"e\"/></root>\n"
                + "</configuration>\n");
    Path config =
        Files.writeString(
            dir.resolve("wsgate.properties"), chattyConfig(dir, "wsgate.log.level=trace\n"));
    try (ServerProcess child =
        ServerProcess.run(
            Map.of("JAVA_TOOL_OPTIONS", "-Dlogback.configurationFile=" + logback),
            "--config",
            config.toString())) {
      child.awaitListening();
      awaitErr(child, "operator WARN chatty chatty created");
      assertThat(child.err.toString()).doesNotContain("INFO");
    }
  }

  /** Waits until the child's standard error holds {@code text}. */
  private static void awaitErr(ServerProcess child, String text) {
    assertThat(Eventually.holds(DEADLINE, () -> child.err.toString().contains(text)))
        .as("'%s' on stderr: %s", text, child.err)
        .isTrue();
  }

  private static List<String> errLines(ServerProcess child) {
    return child.err.toString().lines().toList();
  }

  /**
   * A server configuration with the plugin {@code chatty}, whose provider logs through {@code
   * System.Logger} {@value #LINES} info lines and one warning when it creates its verifier, and as
   * many info lines and one warning when the verifier is closed.
   */
  private static String chattyConfig(Path dir, String extra) throws IOException {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    if (Files.notExists(plugins.resolve("chatty.jar"))) {
      String logAll =
          "    for (int i = 0; i < "
              + LINES
              + "; i++) { LOG.log(System.Logger.Level.INFO, \"chatty %s \" + i); }\n";
      PluginJars.fromSources(
          plugins,
          "chatty.jar",
          Map.of(
              "com.example.chatty.ChattyProvider",
              "package com.example.chatty;\n"
                  + "import dev.wsgate.spi.*;\n"
                  + "public final class ChattyProvider implements TokenVerifierProvider {\n"
                  + "  static final System.Logger LOG = System.getLogger(\"chatty\");\n"
                  + "  public String id() { return \"chatty\"; }\n"
                  + "  public TokenVerifier create(ProviderSettings s) {\n"
                  + logAll.replace("%s", "creating")
                  + "    LOG.log(System.Logger.Level.WARNING, \"chatty created\");\n"
                  + "    return new TokenVerifier() {\n"
                  + "      public VerifiedToken verify(String t, VerificationContext c)\n"
                  + "          throws AuthenticationException {\n"
                  + "        throw new AuthenticationException(Failure.INVALID_SIGNATURE);\n"
                  + "      }\n"
                  + "      public void close() {\n"
                  + logAll.replace("%s", "closing").replace("    for", "        for")
                  + "        LOG.log(System.Logger.Level.WARNING, \"chatty closed\");\n"
                  + "      }\n"
                  + "    };\n"
                  + "  }\n"
                  + "}\n"),
          "com.example.chatty.ChattyProvider");
    }
    return "wsgate.listen.host=127.0.0.1\n"
        + "wsgate.listen.port=0\n"
        + "wsgate.origins=https://app.example.com\n"
        + "wsgate.plugins.dir="
        + plugins
        + "\n"
        + "wsgate.provider=chatty\n"
        + extra;
  }
}
