package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.OriginPolicy;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.TokenExtractors;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import dev.wsgate.testkit.FakeTokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code wsgate.handshake.verify-timeout=0} verifies on the decoder thread, without the pool. */
final class InlineVerificationTest {

  private static String verifyingThread(Duration verifyTimeout) throws Exception {
    CompletableFuture<String> thread = new CompletableFuture<>();
    FakeTokenVerifier fake = new FakeTokenVerifier();
    TokenVerifier recording =
        new TokenVerifier() {
          @Override
          public VerifiedToken verify(String token, VerificationContext context)
              throws AuthenticationException {
            thread.complete(Thread.currentThread().getName());
            return fake.verify(token, context);
          }
        };
    TenantPolicy tenant =
        new TenantPolicy(
            "default",
            OriginPolicy.of(List.of(TestServer.ORIGIN), false),
            List.of(TokenExtractors.query("token")),
            recording,
            List.of(),
            8192,
            Duration.ofSeconds(30));
    WsgateServer server =
        new WsgateServer(
            ServerConfig.defaults("127.0.0.1", 0, "/ws").withVerification(2, verifyTimeout),
            HandshakeGate.builder().tenant(tenant).build(),
            ConnectionHandler.echo(),
            Clock.systemUTC());
    server.startAndAwait();
    try {
      String token = FakeTokenVerifier.token("ann", Instant.now().plusSeconds(600));
      RawHttp.Response r =
          RawHttp.exchange(
              server.getPort(),
              RawHttp.upgrade("/ws?token=" + token, "Origin: " + TestServer.ORIGIN));
      assertThat(r.status()).isEqualTo(101);
      return thread.get(10, TimeUnit.SECONDS);
    } finally {
      server.shutdown(Duration.ofSeconds(1));
    }
  }

  @Test
  void verifyTimeoutZero_verifiesOnTheDecoderThread() throws Exception {
    assertThat(verifyingThread(Duration.ZERO)).startsWith("WebSocketWorker");
  }

  @Test
  void verifyTimeoutPositive_verifiesOnThePool() throws Exception {
    assertThat(verifyingThread(Duration.ofSeconds(5))).startsWith("wsgate-verify-");
  }

  @Test
  void configuredZeroSeconds_loadsAsZero() {
    try (TestServer server =
        TestServer.start(java.util.Map.of("wsgate.handshake.verify-timeout", "0s"))) {
      assertThat(server.configuration.server().verifyTimeout()).isZero();
    }
  }
}
