package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar's operations features end to end: a token minted by the {@code token} subcommand
 * opens a socket on the running jar, whose admin port serves metrics and readiness and disconnects
 * the subject with 4001.
 */
final class OpsJarIT {
  private static final String SECRET = "0123456789abcdef0123456789abcdef-jar";
  private static final String ADMIN = "admin-token-for-the-jar-test";
  private static final Pattern PORT = Pattern.compile(".*:(\\d+)[/ ].*");

  private static ProcessBuilder jar(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(System.getProperty("wsgate.jar", "target/wsgate-server.jar"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().remove("WSGATE_CONFIG");
    pb.environment().putAll(Map.of("HMAC", SECRET, "ADMIN", ADMIN));
    return pb;
  }

  private static int port(String line) {
    Matcher m = PORT.matcher(line);
    assertThat(m.matches()).as(line).isTrue();
    return Integer.parseInt(m.group(1));
  }

  @Test
  void jar_tokenCommandAdminPortAndDisconnect_workTogether(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("wsgate.properties");
    Files.writeString(
        config,
        String.join(
            "\n",
            "wsgate.listen.host=127.0.0.1",
            "wsgate.listen.port=0",
            "wsgate.origins=https://app.example.com",
            "wsgate.provider=hmac",
            "wsgate.provider.hmac.secret=${env:HMAC}",
            "wsgate.admin.port=0",
            "wsgate.admin.token=${env:ADMIN}",
            ""));
    Process token = jar("token", "--sub", "alice", "--config", config.toString()).start();
    assertThat(token.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(token.exitValue()).isZero();
    String jwt = new String(token.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();

    Process server = jar("--config", config.toString()).redirectErrorStream(true).start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      int wsPort = port(out.readLine());
      String adminLine = out.readLine();
      assertThat(adminLine).startsWith("wsgate admin on http://127.0.0.1:");
      int adminPort = port(adminLine);

      CompletableFuture<Integer> closed = new CompletableFuture<>();
      HttpClient http = HttpClient.newHttpClient();
      http.newWebSocketBuilder()
          .header("Origin", "https://app.example.com")
          .buildAsync(
              URI.create("ws://127.0.0.1:" + wsPort + "/ws?token=" + jwt),
              new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                  closed.complete(code);
                  return null;
                }
              })
          .get(20, TimeUnit.SECONDS);

      assertThat(AdminHttp.get(adminPort, "/readyz").statusCode()).isEqualTo(200);
      assertThat(AdminHttp.get(adminPort, "/metrics").body())
          .contains(
              "wsgate_handshakes_total{failure=\"none\",outcome=\"accepted\",status=\"101\","
                  + "tenant=\"default\"} 1.0")
          .contains("wsgate_verification_seconds_bucket{")
          .doesNotContain(jwt);
      HttpResponse<String> r = AdminHttp.post(adminPort, "/admin/disconnect?subject=alice", ADMIN);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(closed.get(20, TimeUnit.SECONDS)).isEqualTo(4001);
    } finally {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
