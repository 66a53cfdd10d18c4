package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.gate.CachingTokenVerifier;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.OriginPolicy;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.TokenExtractors;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.testkit.FakeTokenVerifier;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A provider that hangs must not stall the selector or unrelated handshakes. */
final class SlowProviderTest {

  private static WsgateServer start(TokenVerifier verifier, int decoders, Duration verifyTimeout)
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

  /**
   * With the tenant's whole share of the verify pool taken by hanging verifications, a token the
   * verified-token cache holds is still accepted: a cache hit never waits for the pool, while a new
   * token gets 503 at once.
   */
  @Test
  void cachedToken_poolShareFull_isAcceptedWithoutThePool() throws Exception {
    SlowVerifier slow = new SlowVerifier();
    WsgateServer server =
        start(
            CachingTokenVerifier.wrap(slow, 100, Duration.ofMinutes(5), Duration.ofSeconds(30)),
            1,
            Duration.ofSeconds(60));
    int share = GuardedGate.tenantShare(2, 1);
    List<Socket> hanging = new ArrayList<>();
    try {
      String cached = FakeTokenVerifier.token("carol", Instant.now().plusSeconds(600));
      String target = "/ws?token=" + cached;
      assertThat(RawHttp.exchange(server.getPort(), RawHttp.upgrade(target, ORIGIN)).status())
          .isEqualTo(101);
      for (int i = 0; i < share; i++) {
        Socket s = new Socket("127.0.0.1", server.getPort());
        hanging.add(s);
        s.getOutputStream()
            .write(RawHttp.upgrade("/ws?token=slow", ORIGIN).getBytes(StandardCharsets.US_ASCII));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (server.guardedGate().inFlight("default") < share && System.nanoTime() < deadline) {
        Thread.sleep(10); // waiting for the requests to arrive, not timing anything
      }
      assertThat(server.guardedGate().inFlight("default")).isEqualTo(share);

      String fresh = FakeTokenVerifier.token("dave", Instant.now().plusSeconds(600));
      RawHttp.Response refused =
          RawHttp.exchange(server.getPort(), RawHttp.upgrade("/ws?token=" + fresh, ORIGIN));
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.body()).contains("too many handshakes are waiting");
      assertThat(RawHttp.exchange(server.getPort(), RawHttp.upgrade(target, ORIGIN)).status())
          .as("the cached token, while the pool is full")
          .isEqualTo(101);
    } finally {
      slow.release();
      for (Socket s : hanging) {
        s.close();
      }
      server.shutdown(Duration.ofSeconds(1));
    }
  }

  private static final String ORIGIN = "Origin: " + TestServer.ORIGIN;
}
