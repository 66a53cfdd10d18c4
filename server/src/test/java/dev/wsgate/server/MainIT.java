package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.testkit.RawHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shaded jar as a child process: dev mode, start-up errors, SIGTERM. */
final class MainIT {
  private static final Pattern LISTENING = ServerProcess.LISTENING;

  @Test
  void devMode_printedTokenConnectsAndSigtermClosesWith1001() throws Exception {
    try (ServerProcess child = ServerProcess.run(Map.of(), "--port", "0")) {
      Matcher m = LISTENING.matcher(child.awaitLine("wsgate listening on"));
      assertThat(m.matches()).isTrue();
      assertThat(m.group(1)).isEqualTo("localhost");
      assertThat(m.group(3)).isEqualTo("/ws");
      assertThat(m.group(4)).isEqualTo("hmac");
      assertThat(m.group(5)).isEqualTo("1");
      int port = Integer.parseInt(m.group(2));
      assertThat(port).isPositive();
      String tokenLine = child.awaitLine("dev token");
      String token = tokenLine.substring(tokenLine.lastIndexOf(' ') + 1);
      String snippet = child.awaitLine("new WebSocket(");
      assertThat(snippet.trim())
          .isEqualTo("new WebSocket(\"ws://localhost:" + port + "/ws?token=" + token + "\")");

      BlockingQueue<String> texts = new LinkedBlockingQueue<>();
      CompletableFuture<Integer> closeCode = new CompletableFuture<>();
      WebSocket ws =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .header("Origin", "http://localhost:5173")
              .buildAsync(
                  URI.create("ws://localhost:" + port + "/ws?token=" + token),
                  new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence d, boolean last) {
                      texts.add(d.toString());
                      w.request(1);
                      return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                      closeCode.complete(code);
                      return null;
                    }
                  })
              .get(20, TimeUnit.SECONDS);
      ws.sendText("ping", true).get(10, TimeUnit.SECONDS);
      assertThat(texts.poll(20, TimeUnit.SECONDS)).isEqualTo("ping");

      child.process.destroy(); // SIGTERM

      assertThat(closeCode.get(30, TimeUnit.SECONDS)).isEqualTo(1001);
      assertThat(child.awaitExit()).isZero();
      assertThat(child.err.toString()).doesNotContain(token);
    }
  }

  @Test
  void configFromEnvironment_printsExactStartLineAndRewrittenOrigins(@TempDir Path dir)
      throws Exception {
    Path config = dir.resolve("wsgate.properties");
    Files.writeString(
        config,
        "wsgate.listen.host=127.0.0.1\n"
            + "wsgate.listen.port=0   # any free port\n"
            + "wsgate.origins=https://app.example.com, http://127.1:3000\n"
            + "wsgate.provider=hmac\n"
            + "wsgate.provider.hmac.secret=${env:WSGATE_HMAC_SECRET}\n");
    try (ServerProcess child =
        ServerProcess.run(
            Map.of(
                "WSGATE_CONFIG",
                config.toString(),
                "WSGATE_HMAC_SECRET",
                "an-hmac-secret-of-more-than-32-bytes!!"))) {
      String line = child.awaitLine("wsgate listening on");

      assertThat(line)
          .matches(
              "wsgate listening on ws://127\\.0\\.0\\.1:\\d+/ws provider=hmac tenants=1 transport=java-websocket");
      assertThat(child.awaitLine("wsgate origin entry"))
          .isEqualTo(
              "wsgate origin entry 'http://127.1:3000' of tenant default is held as"
                  + " http://127.0.0.1:3000, the form browsers send");
    }
  }

  @Test
  void missingSecret_exitsNonZeroNamingKeyAndVariable(@TempDir Path dir) throws Exception {
    Path config =
        write(
            dir,
            "wsgate.origins=https://app.example.com\n"
                + "wsgate.provider=hmac\n"
                + "wsgate.provider.hmac.secret=${env:WSGATE_HMAC_SECRET}\n");
    try (ServerProcess child = ServerProcess.run(Map.of(), "--config", config.toString())) {
      assertThat(child.awaitExit()).isNotZero();
      assertThat(child.err.toString())
          .contains("wsgate.provider.hmac.secret")
          .contains("WSGATE_HMAC_SECRET")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void unknownKey_exitsNonZeroNamingNearestKey(@TempDir Path dir) throws Exception {
    Path config =
        write(
            dir,
            "wsgate.orgins=https://app.example.com\n"
                + "wsgate.origins=https://app.example.com\n"
                + "wsgate.provider=hmac\n"
                + "wsgate.provider.hmac.secret=an-hmac-secret-of-more-than-32-bytes!!\n");
    try (ServerProcess child = ServerProcess.run(Map.of(), "--config", config.toString())) {
      assertThat(child.awaitExit()).isNotZero();
      assertThat(child.err.toString())
          .contains("unknown key wsgate.orgins; did you mean wsgate.origins?")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void unknownProvider_exitsNonZeroListingAvailableProviders(@TempDir Path dir) throws Exception {
    Path config = write(dir, "wsgate.origins=https://app.example.com\nwsgate.provider=nope\n");
    try (ServerProcess child = ServerProcess.run(Map.of(), "--config", config.toString())) {
      assertThat(child.awaitExit()).isNotZero();
      assertThat(child.err.toString())
          .contains("No TokenVerifierProvider with id 'nope'")
          // the shaded jar bundles the four providers, merged service files included
          .contains("hmac (", "jwks (", "firebase (", "clerk (")
          .doesNotContain("\tat ");
    }
  }

  private static Path write(Path dir, String content) throws IOException {
    Path p = dir.resolve("wsgate.properties");
    Files.writeString(p, content);
    return p;
  }

  @ParameterizedTest
  @MethodSource("dev.wsgate.server.TestServer#transports")
  void pluginsDir_exampleApiKeyPluginBuiltAtTestTime_acceptsItsKeyAndRejectsOthers_sigtermCloses(
      String transport, @TempDir Path dir) throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    PluginJars.apikey(plugins, "provider-apikey.jar");
    String key = "ak_test_" + Long.toHexString(System.nanoTime());
    byte[] digest =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest(key.getBytes(StandardCharsets.UTF_8));
    Path keys =
        Files.writeString(
            dir.resolve("keys.txt"),
            java.util.HexFormat.of().formatHex(digest) + " alice 2099-01-01T00:00:00Z\n");
    Path config = dir.resolve("wsgate.properties");
    Files.writeString(
        config,
        "wsgate.listen.host=127.0.0.1\n"
            + "wsgate.listen.port=0\n"
            + "wsgate.origins=https://app.example.com\n"
            + "wsgate.origins.allow-missing=true\n"
            + "wsgate.extractors=header\n"
            + "wsgate.plugins.dir="
            + plugins
            + "\n"
            + "wsgate.provider=apikey\n"
            + "wsgate.provider.apikey.keys-file="
            + keys
            + "\n"
            + "wsgate.transport="
            + transport
            + "\n");
    try (ServerProcess child = ServerProcess.run(Map.of(), "--config", config.toString())) {
      Matcher m = LISTENING.matcher(child.awaitLine("wsgate listening on"));
      assertThat(m.find()).isTrue();
      assertThat(m.group(4)).isEqualTo("apikey");
      int port = Integer.parseInt(m.group(2));
      assertThat(
              RawHttp.exchange(port, RawHttp.upgrade("/ws", "Authorization: Bearer " + key))
                  .status())
          .isEqualTo(101);
      assertThat(
              RawHttp.exchange(port, RawHttp.upgrade("/ws", "Authorization: Bearer ak_wrong"))
                  .status())
          .isEqualTo(401);
      assertThat(m.group(0)).endsWith(" transport=" + transport);

      CompletableFuture<Integer> closeCode = new CompletableFuture<>();
      HttpClient.newHttpClient()
          .newWebSocketBuilder()
          .header("Authorization", "Bearer " + key)
          .buildAsync(
              URI.create("ws://127.0.0.1:" + port + "/ws"),
              new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                  closeCode.complete(code);
                  return null;
                }
              })
          .get(20, TimeUnit.SECONDS);

      child.process.destroy(); // SIGTERM

      assertThat(closeCode.get(30, TimeUnit.SECONDS)).isEqualTo(1001);
      assertThat(child.awaitExit()).isZero();
    }
  }

  private static Path pluginConfig(Path dir, Path plugins, String provider) throws IOException {
    return write(
        dir,
        "wsgate.listen.host=127.0.0.1\n"
            + "wsgate.listen.port=0\n"
            + "wsgate.origins=https://app.example.com\n"
            + "wsgate.origins.allow-missing=true\n"
            + "wsgate.extractors=header\n"
            + "wsgate.plugins.dir="
            + plugins
            + "\n"
            + "wsgate.provider="
            + provider
            + "\n");
  }

  @Test
  void pluginsDir_pluginUsingServiceLoaderAndJackson_findsItsOwnServicesInTheShadedJar(
      @TempDir Path dir) throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    PluginJars.contextProbe(plugins, "ctx.jar");
    Path config = pluginConfig(dir, plugins, "ctx");
    try (ServerProcess child = ServerProcess.run(Map.of(), "--config", config.toString())) {
      Matcher m = LISTENING.matcher(child.awaitLine("wsgate listening on"));
      assertThat(m.find()).as("started; stderr: %s", child.err).isTrue();
      int port = Integer.parseInt(m.group(2));
      assertThat(
              RawHttp.exchange(port, RawHttp.upgrade("/ws", "Authorization: Bearer good")).status())
          .isEqualTo(101);
      assertThat(
              RawHttp.exchange(port, RawHttp.upgrade("/ws", "Authorization: Bearer bad")).status())
          .isEqualTo(401);
    }
  }

  @Test
  void pluginsDir_createThrowsServiceConfigurationError_exits78NamingTenantProviderAndJar(
      @TempDir Path dir) throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    PluginJars.failingCreate(
        plugins,
        "sce.jar",
        "sce",
        "throw new java.util.ServiceConfigurationError(\"com.example.Codec: not a subtype\");");
    Path config = pluginConfig(dir, plugins, "sce");
    try (ServerProcess child = ServerProcess.run(Map.of(), "--config", config.toString())) {
      assertThat(child.awaitExit()).isEqualTo(Main.EXIT_CONFIG);
      assertThat(child.err.toString())
          .contains("provider 'sce'", "sce.jar", "for tenant default")
          .contains("java.util.ServiceConfigurationError: com.example.Codec: not a subtype")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void pluginsDir_providerWhoseIdThrowsAnError_exitsWithAMessageNotSilently(@TempDir Path dir)
      throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    PluginJars.fromSources(
        plugins,
        "badid.jar",
        Map.of(
            "com.example.badid.BadIdProvider",
            "package com.example.badid;\n"
                + "import dev.wsgate.spi.*;\n"
                + "public final class BadIdProvider implements TokenVerifierProvider {\n"
                + "  public String id() { throw new ExceptionInInitializerError(\"no id\"); }\n"
                + "  public TokenVerifier create(ProviderSettings s) { return null; }\n"
                + "}\n"),
        "com.example.badid.BadIdProvider");
    Path config = pluginConfig(dir, plugins, "badid");
    try (ServerProcess child = ServerProcess.run(Map.of(), "--config", config.toString())) {
      assertThat(child.awaitExit()).isEqualTo(Main.EXIT_SOFTWARE);
      // the error escapes to main, which prints one line and flushes before it exits
      assertThat(child.err.toString())
          .contains("wsgate: cannot start: java.lang.ExceptionInInitializerError")
          .doesNotContain("no id")
          .doesNotContain("\tat ");
    }
  }
}
