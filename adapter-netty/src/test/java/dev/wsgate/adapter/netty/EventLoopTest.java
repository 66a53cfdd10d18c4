package dev.wsgate.adapter.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import dev.wsgate.testkit.FakeTokenVerifier;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A verifier that may block never holds the event loop its channel is on. */
final class EventLoopTest {

  /** The fake, except that tokens of subject {@code slow} wait for {@link #release}. */
  private static final class SlowVerifier implements TokenVerifier {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final FakeTokenVerifier fake = new FakeTokenVerifier();

    @Override
    public VerifiedToken verify(String token, VerificationContext context)
        throws AuthenticationException {
      if (token.startsWith("fake.slow.")) {
        entered.countDown();
        try {
          release.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return fake.verify(token, context);
    }

    @Override
    public boolean mayBlock() {
      return true;
    }
  }

  @Test
  void slowVerification_anotherConnectionOnTheSameEventLoop_isServedMeanwhile() throws Exception {
    SlowVerifier verifier = new SlowVerifier();
    Instant exp = Instant.now().plusSeconds(600);
    WsgateNetty wsgate =
        new WsgateNetty(
            NettyServer.gate(verifier, 512, Clock.systemUTC()),
            NettyGateConfig.defaults("/ws"),
            Clock.systemUTC());
    try (NettyServer server = NettyServer.start(wsgate, 1)) { // one event loop for every channel
      Clients.Recording slow =
          new Clients.Recording(
              server.uri("/ws?token=" + FakeTokenVerifier.token("slow", exp)),
              Map.of("Origin", NettyServer.ORIGIN));
      slow.connect();
      assertThat(verifier.entered.await(10, TimeUnit.SECONDS)).isTrue();

      Clients.Recording fast =
          new Clients.Recording(
              server.uri("/ws?token=" + FakeTokenVerifier.token("fast", exp)),
              Map.of("Origin", NettyServer.ORIGIN));
      assertThat(fast.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
      fast.send("whoami");
      assertThat(fast.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("fast");
      assertThat(slow.handshake).as("still verifying").isNull();

      verifier.release.countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!slow.isOpen() && System.nanoTime() < deadline) {
        Thread.yield();
      }
      slow.send("whoami");
      assertThat(slow.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("slow");
      fast.closeBlocking();
      slow.closeBlocking();
    }
  }
}
