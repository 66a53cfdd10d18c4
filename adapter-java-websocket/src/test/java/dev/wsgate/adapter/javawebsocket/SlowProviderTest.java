package dev.wsgate.adapter.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.adapter.javawebsocket.internal.upgrade.VerificationPools;
import dev.wsgate.gate.CachingTokenVerifier;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A provider that hangs must not stall the selector or unrelated handshakes. */
final class SlowProviderTest {

  private static WsgateServer start(TokenVerifier verifier, int decoders, Duration verifyTimeout)
      throws Exception {
    return start(
        HandshakeGate.builder().tenant(EmbeddedServer.queryTenant("default", verifier)),
        decoders,
        verifyTimeout);
  }

  private static WsgateServer start(
      HandshakeGate.Builder gate, int decoders, Duration verifyTimeout) throws Exception {
    ServerConfig config = ServerConfig.defaults("127.0.0.1", 0, "/ws").withDecoders(decoders);
    WsgateServer server =
        new WsgateServer(
            config,
            gate.verifyTimeout(verifyTimeout).build(),
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
          RawHttp.upgrade("/ws?token=slow", "Origin: " + EmbeddedServer.ORIGIN)
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(verifier.entered.await(10, TimeUnit.SECONDS)).isTrue();

      String token = FakeTokenVerifier.token("bob", Instant.now().plusSeconds(600));
      Clients.Recording fast =
          new Clients.Recording(
              java.net.URI.create("ws://127.0.0.1:" + server.getPort() + "/ws?token=" + token),
              Map.of("Origin", EmbeddedServer.ORIGIN));
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
              server.getPort(),
              RawHttp.upgrade("/ws?token=slow", "Origin: " + EmbeddedServer.ORIGIN));

      assertThat(r.status()).isEqualTo(503);
      assertThat(r.body()).contains("timed out");
      String token = FakeTokenVerifier.token("bob", Instant.now().plusSeconds(600));
      RawHttp.Response next =
          RawHttp.exchange(
              server.getPort(),
              RawHttp.upgrade("/ws?token=" + token, "Origin: " + EmbeddedServer.ORIGIN));
      assertThat(next.status()).as("the only decoder serves the next handshake").isEqualTo(101);
    } finally {
      verifier.release();
      server.shutdown(Duration.ofSeconds(1));
    }
  }

  /**
   * With the whole verify pool taken by hanging verifications, a token the verified-token cache
   * holds is still accepted: a cache hit never waits for the pool, while a new token gets 503 at
   * once.
   */
  @Test
  void cachedToken_poolShareFull_isAcceptedWithoutThePool() throws Exception {
    SlowVerifier slow = new SlowVerifier();
    int share = VerificationPools.tenantShare(1, 1);
    WsgateServer server =
        start(
            HandshakeGate.builder()
                .tenant(
                    EmbeddedServer.queryTenant(
                        "default",
                        CachingTokenVerifier.wrap(
                            slow, 100, Duration.ofMinutes(5), Duration.ofSeconds(30))))
                .tenantThreadShare(share),
            1,
            Duration.ofSeconds(60));
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
      await("the requests to arrive")
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> server.gate().pendingVerifications("default") >= share);
      assertThat(server.gate().pendingVerifications("default")).isEqualTo(share);

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

  /**
   * In a server whose tenant may block, a request is decided on its decoder thread unless the
   * decision must wait for the verifier: a new token is verified on the verify pool (its default
   * {@code verifyAsync}), the same token again (a cache hit) is decided on the decoder, with no
   * thread hop (its revocation check runs there too).
   */
  @Test
  void cacheHit_isDecidedOnTheDecoderThread_aNewTokenOnTheVerifyPool() throws Exception {
    List<String> threads = new CopyOnWriteArrayList<>();
    List<String> verifying = new CopyOnWriteArrayList<>();
    SlowVerifier slow = new SlowVerifier();
    TokenVerifier recording =
        (token, context) -> {
          verifying.add(Thread.currentThread().getName());
          return slow.verify(token, context);
        };
    HandshakeGate.Builder gate =
        HandshakeGate.builder()
            .tenant(
                EmbeddedServer.queryTenant(
                    "default",
                    CachingTokenVerifier.wrap(
                        recording, 100, Duration.ofMinutes(5), Duration.ofSeconds(30))))
            .revocationCheck(
                (token, now) -> {
                  threads.add(Thread.currentThread().getName());
                  return false;
                });
    WsgateServer server = start(gate, 1, Duration.ofSeconds(60));
    try {
      String target =
          "/ws?token=" + FakeTokenVerifier.token("erin", Instant.now().plusSeconds(600));
      for (int i = 0; i < 2; i++) {
        assertThat(RawHttp.exchange(server.getPort(), RawHttp.upgrade(target, ORIGIN)).status())
            .isEqualTo(101);
      }

      String fresh = "/ws?token=" + FakeTokenVerifier.token("fay", Instant.now().plusSeconds(600));
      assertThat(inTwoReads(server.getPort(), RawHttp.upgrade(fresh, ORIGIN)).status())
          .isEqualTo(101);
      assertThat(inTwoReads(server.getPort(), RawHttp.upgrade(target, ORIGIN)).status())
          .isEqualTo(101);

      assertThat(verifying)
          .as("new tokens only")
          .hasSize(2)
          .allMatch(t -> t.startsWith("wsgate-verify-"));
      assertThat(threads).hasSize(4);
      assertThat(threads.get(1)).as("the cached token").startsWith("WebSocketWorker-");
      assertThat(threads.get(3))
          .as("the cached token, in two reads")
          .startsWith("WebSocketWorker-");
    } finally {
      server.shutdown(Duration.ofSeconds(1));
    }
  }

  /**
   * Sends {@code request} in two writes, the second after the server has had time to read the
   * first.
   */
  private static RawHttp.Response inTwoReads(int port, String request) throws Exception {
    byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setTcpNoDelay(true);
      OutputStream out = s.getOutputStream();
      out.write(bytes, 0, bytes.length / 2);
      out.flush();
      Thread.sleep(100); // lets the first half arrive as a read of its own; nothing is timed
      out.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
      out.flush();
      return RawHttp.read(s.getInputStream());
    }
  }

  private static final String ORIGIN = "Origin: " + EmbeddedServer.ORIGIN;
}
