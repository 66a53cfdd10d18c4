package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.adapter.javawebsocket.ConnectionHandler;
import dev.wsgate.adapter.javawebsocket.WsgateServer;
import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.gate.Redaction;
import dev.wsgate.server.cli.DevMode;
import dev.wsgate.server.config.ConfigLoader;
import dev.wsgate.server.config.Configuration;
import dev.wsgate.testkit.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the server logs about handshakes: outcome, address, origin, tenant, fingerprint; no token.
 */
final class LogRedactionTest {

  @Test
  void handshakeLogs_hmacTokensEverywhere_showFingerprintsNeverTokensOrSecret() throws Exception {
    DevMode dev = DevMode.create(new SecureRandom());
    Map<String, String> p = new java.util.LinkedHashMap<>(dev.properties(0));
    p.put("wsgate.listen.host", "127.0.0.1");
    p.put("wsgate.origins", "http://localhost:*");
    p.put("wsgate.extractors", "query,cookie,subprotocol,header");
    p.put("wsgate.subprotocols", "app.v1");
    String secret = p.get("wsgate.provider.hmac.secret");
    String token = dev.mintToken(Instant.now());
    String tampered = token.substring(0, token.length() - 4) + "AAAA";
    String origin = "Origin: http://localhost:3000";

    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    Configuration c =
        new ConfigLoader(
                ProviderRegistry.load(getClass().getClassLoader()), n -> null, Clock.systemUTC())
            .load(p);
    WsgateServer server =
        new WsgateServer(c.server(), c.gate(), ConnectionHandler.echo(), Clock.systemUTC());
    try {
      server.startAndAwait();
      int port = server.getPort();
      assertThat(RawHttp.exchange(port, RawHttp.upgrade("/ws?token=" + token, origin)).status())
          .isEqualTo(101);
      assertThat(
              RawHttp.exchange(
                      port, RawHttp.upgrade("/ws", origin, "Cookie: wsgate_token=" + tampered))
                  .status())
          .isEqualTo(401);
      assertThat(
              RawHttp.exchange(
                      port,
                      RawHttp.upgrade(
                          "/ws", origin, "Sec-WebSocket-Protocol: app.v1, bearer." + tampered))
                  .status())
          .isEqualTo(401);
      assertThat(
              RawHttp.exchange(
                      port, RawHttp.upgrade("/ws", origin, "Authorization: Bearer " + tampered))
                  .status())
          .isEqualTo(401);
      Clients.Recording client =
          new Clients.Recording(
              java.net.URI.create("ws://127.0.0.1:" + port + "/ws?token=" + token),
              Map.of("Origin", "http://localhost:3000"));
      assertThat(client.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
      client.closeBlocking();
    } finally {
      server.shutdown(Duration.ofSeconds(1));
      c.close();
      System.setErr(original);
    }

    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log)
        .contains("handshake accepted")
        .contains("handshake rejected status=401 failure=INVALID_SIGNATURE")
        .contains("origin=http://localhost:3000")
        .contains("tenant=default")
        .contains("token=" + Redaction.fingerprint(token))
        .contains("token=" + Redaction.fingerprint(tampered))
        .contains("target=/ws?token=[REDACTED]")
        .doesNotContain(token)
        .doesNotContain(tampered)
        .doesNotContain(token.split("\\.")[2])
        .doesNotContain(secret);
    assertThat(log.lines().filter(l -> l.contains("handshake ")).count()).isEqualTo(5);
    // the whole line, field by field, as operators' log queries read it
    assertThat(log.lines().filter(l -> l.contains("handshake accepted")).findFirst().orElseThrow())
        .matches(
            ".* - handshake accepted status=101 failure=- remote=127\\.0\\.0\\.1:\\d+"
                + " target=/ws\\?token=\\[REDACTED\\] origin=http://localhost:3000 tenant=default"
                + " token="
                + Redaction.fingerprint(token)
                + " subprotocol=- latency_ms=\\d+");
    assertThat(log.lines().filter(l -> l.contains("failure=INVALID_SIGNATURE")).findFirst().get())
        .matches(
            ".* - handshake rejected status=401 failure=INVALID_SIGNATURE remote=127\\.0\\.0\\.1:\\d+"
                + " target=/ws origin=http://localhost:3000 tenant=default token="
                + Redaction.fingerprint(tampered)
                + " latency_ms=\\d+");
  }
}
