package dev.wsgate.adapter.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.RefreshFrames;
import dev.wsgate.session.SessionPolicy;
import dev.wsgate.spi.Failure;
import dev.wsgate.testkit.Eventually;
import dev.wsgate.testkit.FakeTokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Open connections on the shared session code ({@code dev.wsgate.session.SessionRegistry}), over
 * real sockets: revocation sweep (4001), disconnect by subject, in-band refresh. Expiry closes
 * (4002) are in {@link ExpiryCloseTest}.
 */
final class SessionsTest {
  private static final Instant NOW = GatedJetty.NOW;
  private final AtomicBoolean revoked = new AtomicBoolean();
  private Server server;
  private WsgateFilter filter;
  private int port;

  private void start(SessionPolicy policy) throws Exception {
    HandshakeGate gate =
        HandshakeGate.builder()
            .tenant(GatedJetty.queryTenant(new FakeTokenVerifier(), List.of()))
            .revocationCheck((token, now) -> revoked.get())
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build();
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    filter = WsgateJetty.install(context, gate, EchoEndpoint.class, "/ws", policy);
    server.setHandler(context);
    server.start();
    port = connector.getLocalPort();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  private static SessionPolicy sweepingEvery(Duration interval) {
    return new SessionPolicy(
        true,
        SessionPolicy.DEFAULT_EXPIRY_JITTER,
        SessionPolicy.DEFAULT_MAX_LIFETIME,
        true,
        interval);
  }

  @Test
  void revocationSweep_tokenRevokedAfterTheUpgrade_closesWith4001() throws Exception {
    start(sweepingEvery(Duration.ofMillis(50)));
    JdkClient zoe = JdkClient.connect(port, "/ws", token("zoe", 3600));
    assertThat(zoe.ask("whoami")).startsWith("zoe@default/");

    revoked.set(true);

    assertThat(zoe.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(Failure.REVOKED.closeCode());
    assertThat(zoe.closeReason).isEqualTo(Failure.REVOKED.logReason());
    assertThat(Eventually.holds(Duration.ofSeconds(20), () -> filter.openSessions() == 0)).isTrue();
  }

  @Test
  void disconnectSubject_closesThatSubjectOnly() throws Exception {
    start(SessionPolicy.defaults());
    JdkClient ann = JdkClient.connect(port, "/ws", token("ann", 3600));
    JdkClient bob = JdkClient.connect(port, "/ws", token("bob", 3600));
    assertThat(Eventually.holds(Duration.ofSeconds(20), () -> filter.openSessions() == 2)).isTrue();

    assertThat(filter.disconnectSubject("default", "ann", 4000, "signed out")).isEqualTo(1);

    assertThat(ann.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(4000);
    assertThat(ann.closeReason).isEqualTo("signed out");
    assertThat(bob.ask("whoami")).startsWith("bob@default/");
    assertThat(filter.disconnectSubject("other-tenant", "bob", 4000, "no")).isZero();
    assertThat(Eventually.holds(Duration.ofSeconds(20), () -> filter.openSessions() == 1)).isTrue();
  }

  @Test
  void refresh_sameSubject_acknowledgedAndTheNewExpiryIsTheSessions() throws Exception {
    start(SessionPolicy.defaults().withRefresh(true));
    JdkClient zoe = JdkClient.connect(port, "/ws", token("zoe", 60));

    zoe.ws.sendText(refresh(token("zoe", 7200)), true).get(20, TimeUnit.SECONDS);

    long exp = NOW.getEpochSecond() + 7200;
    assertThat(zoe.next()).isEqualTo("{\"type\":\"wsgate.refreshed\",\"exp\":" + exp + "}");
    assertThat(zoe.ask("exp")).isEqualTo(String.valueOf(exp));
    assertThat(zoe.closeCode).isNotDone();
  }

  @Test
  void refresh_otherSubject_closesWithTheRefusalsCode() throws Exception {
    start(SessionPolicy.defaults().withRefresh(true));
    JdkClient zoe = JdkClient.connect(port, "/ws", token("zoe", 60));

    zoe.ws.sendText(refresh(token("mallory", 7200)), true).get(20, TimeUnit.SECONDS);

    assertThat(zoe.closeCode.get(20, TimeUnit.SECONDS))
        .isEqualTo(RefreshFrames.closeCode(Failure.SUBJECT_MISMATCH));
    assertThat(zoe.closeReason).isEqualTo(RefreshFrames.closeReason(Failure.SUBJECT_MISMATCH));
  }

  @Test
  void refresh_policyOff_frameReachesTheApplication() throws Exception {
    start(SessionPolicy.defaults());
    JdkClient zoe = JdkClient.connect(port, "/ws", token("zoe", 60));
    String frame = refresh(token("zoe", 7200));

    assertThat(zoe.ask(frame)).isEqualTo(frame);
  }

  private static String token(String subject, long secondsLeft) {
    return FakeTokenVerifier.token(subject, NOW.plusSeconds(secondsLeft));
  }

  private static String refresh(String token) {
    return "{\"type\":\"" + RefreshFrames.TYPE + "\",\"token\":\"" + token + "\"}";
  }
}
