package dev.wsgate.adapter.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import dev.wsgate.testkit.Eventually;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * A verification the test completes by hand, once the upgrade waits in the gate: through {@code
 * install} (asynchronous request) and through a filter registered by hand without async support
 * (the request thread waits: the Servlet API forbids {@code startAsync} there, although Jetty 12
 * tolerates it), both end in a 101 with the identity the verifier gave.
 */
final class HeldVerificationTest {

  /** Answers every token with {@link #answer}, completed by the test. */
  private static final class HeldVerifier implements TokenVerifier {
    final CompletableFuture<VerifiedToken> answer = new CompletableFuture<>();

    @Override
    public VerifiedToken verify(String token, VerificationContext context) {
      return answer.join();
    }

    @Override
    public CompletionStage<VerifiedToken> verifyAsync(
        String token, VerificationContext context, Executor executor) {
      return answer;
    }
  }

  @Test
  void installed_decisionArrivesLater_upgrades() throws Exception {
    assertUpgradesOnceReleased(false);
  }

  @Test
  void filterRegisteredByHandWithoutAsync_decisionArrivesLater_upgrades() throws Exception {
    assertUpgradesOnceReleased(true);
  }

  private static void assertUpgradesOnceReleased(boolean byHand) throws Exception {
    HeldVerifier verifier = new HeldVerifier();
    HandshakeGate gate =
        HandshakeGate.builder().tenant(GatedJetty.queryTenant(verifier, List.of())).build();
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    if (byHand) {
      JakartaWebSocketServletContainerInitializer.configure(context, null);
      FilterHolder holder = new FilterHolder(new WsgateFilter(gate, EchoEndpoint.class, "/ws"));
      holder.setAsyncSupported(false);
      context.addFilter(holder, "/ws", EnumSet.of(DispatcherType.REQUEST));
    } else {
      WsgateJetty.install(context, gate, EchoEndpoint.class, "/ws");
    }
    server.setHandler(context);
    server.start();
    try {
      CompletableFuture<JdkClient> client =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return JdkClient.connect(connector.getLocalPort(), "/ws", "t");
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      assertThat(
              Eventually.holds(
                  Duration.ofSeconds(20), () -> gate.pendingVerifications("default") == 1))
          .isTrue();

      verifier.answer.complete(VerifiedToken.builder("held", "zoe").build());

      assertThat(client.get(20, TimeUnit.SECONDS).ask("whoami")).startsWith("zoe@default/held");
    } finally {
      server.stop();
    }
  }
}
