package dev.wsgate.adapter.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.adapter.javawebsocket.fixtures.Handshakes;
import dev.wsgate.adapter.javawebsocket.fixtures.Jwts;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.provider.hmac.HmacVerifierProvider;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.RevocationCheck;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Where verification runs: on the decoder thread when the verifier does not block ({@link
 * TokenVerifier#mayBlock()} false, {@code hmac}) or with {@code wsgate.handshake.verify-timeout=0};
 * on the verify pool otherwise (a verifier's default {@code verifyAsync} runs there).
 */
final class InlineVerificationTest {

  private static String verifyingThread(Duration verifyTimeout) throws Exception {
    return verifyingThread(verifyTimeout, true);
  }

  private static String verifyingThread(Duration verifyTimeout, boolean mayBlock) throws Exception {
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

          @Override
          public boolean mayBlock() {
            return mayBlock;
          }
        };
    TenantPolicy tenant = EmbeddedServer.queryTenant("default", recording);
    WsgateServer server =
        new WsgateServer(
            ServerConfig.defaults("127.0.0.1", 0, "/ws").withDecoders(2),
            HandshakeGate.builder().tenant(tenant).verifyTimeout(verifyTimeout).build(),
            ConnectionHandler.echo(),
            Clock.systemUTC());
    server.startAndAwait();
    try {
      String token = FakeTokenVerifier.token("ann", Instant.now().plusSeconds(600));
      RawHttp.Response r =
          RawHttp.exchange(
              server.getPort(),
              RawHttp.upgrade("/ws?token=" + token, "Origin: " + EmbeddedServer.ORIGIN));
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
  void nonBlockingVerifier_defaultTimeout_verifiesOnTheDecoderThread() throws Exception {
    assertThat(verifyingThread(Duration.ofSeconds(5), false)).startsWith("WebSocketWorker");
  }

  @Test
  void hmacTenant_defaultConfiguration_verifiesOnTheDecoderThread() throws Exception {
    String secret = "hmac-secret-of-at-least-thirty-two-bytes";
    CompletableFuture<String> thread = new CompletableFuture<>();
    RevocationCheck recording =
        (token, now) -> {
          thread.complete(Thread.currentThread().getName());
          return false;
        };
    TokenVerifier hmac =
        new HmacVerifierProvider()
            .create(
                ProviderSettings.builder("wsgate.provider.hmac.")
                    .values(Map.of("secret", secret))
                    .build());
    try (EmbeddedServer server =
        EmbeddedServer.builder().verifier(hmac).revocationCheck(recording).start()) {
      assertThat(server.gate.verifyTimeout()).isPositive();
      String token =
          Jwts.hs256(
              secret, Jwts.claims("ann", null, null, Instant.now(), Duration.ofHours(1)).build());

      assertThat(
              Handshakes.javaWebSocketEcho(server.uri("/ws"), EmbeddedServer.ORIGIN, token, "hi"))
          .isEqualTo("hi");
      assertThat(thread.get(10, TimeUnit.SECONDS)).startsWith("WebSocketWorker");
      assertThat(server.server.verifiesInline()).as("no verification threads").isTrue();
    }
  }
}
