package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.OriginPolicy;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.TokenExtractors;
import dev.wsgate.testkit.FakeTokenVerifier;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A provider that hangs must not stall the selector or unrelated handshakes. */
final class SlowProviderTest {

  private static WsgateServer start(SlowVerifier verifier, int decoders, Duration verifyTimeout)
      throws Exception {
    TenantPolicy tenant =
        new TenantPolicy(
            "default",
            OriginPolicy.of(List.of(TestServer.ORIGIN), false),
            List.of(TokenExtractors.query("token")),
            verifier,
            List.of(),
            8192,
            Duration.ofSeconds(30));
    ServerConfig config =
        ServerConfig.defaults("127.0.0.1", 0, "/ws").withVerification(decoders, verifyTimeout);
    WsgateServer server =
        new WsgateServer(
            config,
            HandshakeGate.builder().tenant(tenant).build(),
            ConnectionHandler.echo(),
            Clock.systemUTC());
    server.startAndAwait();
    return server;
  }

  @Test
  void slowVerification_otherHandshakeOnAnotherDecoder_completesWhileItHangs() throws Exception {
    SlowVerifier verifier = new SlowVerifier();
    WsgateServer server = start(verifier, 2, Duration.ofSeconds(60));
    try (Socket slow = new Socket("127.0.0.1", server.getPort())) {
      OutputStream out = slow.getOutputStream();
      out.write(
          RawHttp.upgrade("/ws?token=slow", "Origin: " + TestServer.ORIGIN)
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(verifier.entered.await(10, TimeUnit.SECONDS)).isTrue();

      String token = FakeTokenVerifier.token("bob", Instant.now().plusSeconds(600));
      Clients.Recording fast =
          new Clients.Recording(
              java.net.URI.create("ws://127.0.0.1:" + server.getPort() + "/ws?token=" + token),
              Map.of("Origin", TestServer.ORIGIN));
      assertThat(fast.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
      fast.send("still here");
      assertThat(fast.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("still here");

      verifier.release();
      RawHttp.Response r = RawHttp.read(slow.getInputStream());
      assertThat(r.status()).isEqualTo(503);
      fast.closeBlocking();
    } finally {
      verifier.release();
      server.shutdown(Duration.ofSeconds(1));
    }
  }

  @Test
  void verificationOverVerifyTimeout_answers503AndFreesTheDecoder() throws Exception {
    SlowVerifier verifier = new SlowVerifier();
    WsgateServer server = start(verifier, 1, Duration.ofMillis(200));
    try {
      RawHttp.Response r =
          RawHttp.exchange(
              server.getPort(), RawHttp.upgrade("/ws?token=slow", "Origin: " + TestServer.ORIGIN));

      assertThat(r.status()).isEqualTo(503);
      assertThat(r.body()).contains("timed out");
      String token = FakeTokenVerifier.token("bob", Instant.now().plusSeconds(600));
      RawHttp.Response next =
          RawHttp.exchange(
              server.getPort(),
              RawHttp.upgrade("/ws?token=" + token, "Origin: " + TestServer.ORIGIN));
      assertThat(next.status()).as("the only decoder serves the next handshake").isEqualTo(101);
    } finally {
      verifier.release();
      server.shutdown(Duration.ofSeconds(1));
    }
  }
}
