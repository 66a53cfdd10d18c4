package dev.wsgate.adapter.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Open-connection limits at the upgrade: 429 beyond them, a share given back on close. */
final class ConnectionLimitTest {
  private static final String ORIGIN = "Origin: " + EmbeddedServer.ORIGIN;

  private static Clients.Recording open(EmbeddedServer server, String subject) throws Exception {
    Clients.Recording c =
        new Clients.Recording(
            server.uri("/ws?token=" + token(subject)), Map.of("Origin", EmbeddedServer.ORIGIN));
    assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).as("open for " + subject).isTrue();
    return c;
  }

  private static String token(String subject) {
    return FakeTokenVerifier.token(subject, Instant.now().plusSeconds(600));
  }

  private static RawHttp.Response upgrade(EmbeddedServer server, String subject) throws Exception {
    return RawHttp.exchange(server.port, RawHttp.upgrade("/ws?token=" + token(subject), ORIGIN));
  }

  /** Signals each close the handler sees; the server gives the share back before that. */
  private static final class CloseSignal implements ConnectionHandler {
    final Semaphore closed = new Semaphore(0);

    @Override
    public void onText(Session session, String text) {
      session.send(text);
    }

    @Override
    public void onClose(Session session, int code, String reason, boolean remote) {
      closed.release();
    }

    void await(int closes) throws InterruptedException {
      assertThat(closed.tryAcquire(closes, 10, TimeUnit.SECONDS))
          .as("server saw the close")
          .isTrue();
    }
  }

  private static EmbeddedServer start(ConnectionLimits limits, CloseSignal handler) {
    return EmbeddedServer.builder().limits(limits).handler(handler).start();
  }

  @Test
  void subject_overPerSubjectLimit_gets429_othersStillConnect() throws Exception {
    CloseSignal closes = new CloseSignal();
    try (EmbeddedServer server = start(new ConnectionLimits(0, 2), closes)) {
      Clients.Recording a1 = open(server, "alice");
      Clients.Recording a2 = open(server, "alice");

      RawHttp.Response third = upgrade(server, "alice");

      assertThat(third.status()).isEqualTo(429);
      assertThat(third.body()).contains("subject");
      assertThat(third.closed()).isTrue();
      Clients.Recording bob = open(server, "bob");
      a1.closeBlocking();
      closes.await(1);
      assertThat(server.server.openConnections()).isEqualTo(2);
      Clients.Recording a3 = open(server, "alice");
      assertThat(a3.isOpen()).isTrue();
      a2.closeBlocking();
      a3.closeBlocking();
      bob.closeBlocking();
    }
  }

  @Test
  void server_overTotalLimit_gets429_untilAConnectionCloses() throws Exception {
    CloseSignal closes = new CloseSignal();
    try (EmbeddedServer server = start(new ConnectionLimits(2, 0), closes)) {
      Clients.Recording a = open(server, "a");
      Clients.Recording b = open(server, "b");

      RawHttp.Response full = upgrade(server, "c");

      assertThat(full.status()).isEqualTo(429);
      assertThat(full.body()).contains("maximum number of connections");
      a.closeBlocking();
      closes.await(1);
      assertThat(server.server.openConnections()).isEqualTo(1);
      Clients.Recording c = open(server, "c");
      assertThat(c.isOpen()).isTrue();
      b.closeBlocking();
      c.closeBlocking();
      closes.await(2);
      assertThat(server.server.openConnections()).isZero();
    }
  }

  @Test
  void refusedAndFailedHandshakes_doNotHoldShares() throws Exception {
    CloseSignal closes = new CloseSignal();
    try (EmbeddedServer server = start(new ConnectionLimits(1, 0), closes)) {
      for (int i = 0; i < 5; i++) {
        assertThat(RawHttp.exchange(server.port, RawHttp.upgrade("/ws?token=bad", ORIGIN)).status())
            .isEqualTo(401);
      }
      Clients.Recording a = open(server, "a");
      assertThat(upgrade(server, "b").status()).isEqualTo(429);
      a.closeBlocking();
      closes.await(1);
      assertThat(server.server.openConnections()).isZero();
    }
  }

  @Test
  void limits_readFromConfiguration_withDefaults() {
    try (EmbeddedServer server = EmbeddedServer.start()) {
      assertThat(server.server.config().limits().maxConnections())
          .isEqualTo(ConnectionLimits.DEFAULT_MAX_CONNECTIONS);
      assertThat(server.server.config().limits().maxConnectionsPerSubject())
          .isEqualTo(ConnectionLimits.DEFAULT_MAX_CONNECTIONS_PER_SUBJECT);
    }
  }
}
