package dev.wsgate.adapter.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.gate.Decision;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.junit.jupiter.api.Test;

/** Embedding the gate in an application's own Java-WebSocket server by extending the base class. */
final class GatedWebSocketServerTest {
  private static final String ORIGIN = "https://app.example.com";

  /** The whole application: greets the subject, answers each message, records its callbacks. */
  private static final class GreetingServer extends GatedWebSocketServer {
    final List<String> events = new CopyOnWriteArrayList<>();

    GreetingServer(HandshakeGate gate) {
      super(
          ServerConfig.defaults("127.0.0.1", 0, "/chat"),
          gate,
          new ServerMetrics(new SimpleMeterRegistry()));
    }

    @Override
    protected void onAccepted(WebSocket conn, ClientHandshake request, Decision.Accepted who) {
      events.add("open " + who.token().subject());
      conn.send("hello " + who.token().subject() + " of " + who.tenant());
    }

    @Override
    protected void onAcceptedText(WebSocket conn, String message) {
      conn.send(accepted(conn).orElseThrow().token().subject() + " said " + message);
    }

    @Override
    protected void onAcceptedClose(WebSocket conn, int code, String reason, boolean remote) {
      events.add("close " + accepted(conn).orElseThrow().token().subject());
    }
  }

  private static HandshakeGate gate() {
    return HandshakeGate.builder()
        .tenant(EmbeddedServer.queryTenant("default", new FakeTokenVerifier()))
        .build();
  }

  @Test
  void subclass_acceptedConnection_getsIdentityInItsHooks() throws Exception {
    GreetingServer server = new GreetingServer(gate());
    server.startAndAwait();
    try {
      String token = FakeTokenVerifier.token("alice", Instant.now().plusSeconds(600));
      Clients.Recording client =
          new Clients.Recording(
              java.net.URI.create("ws://127.0.0.1:" + server.getPort() + "/chat?token=" + token),
              Map.of("Origin", ORIGIN));
      assertThat(client.connectBlocking(10, TimeUnit.SECONDS)).isTrue();

      assertThat(client.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("hello alice of default");
      client.send("hi");
      assertThat(client.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("alice said hi");
      client.closeBlocking();
      assertThat(client.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
    } finally {
      server.shutdown(Duration.ofSeconds(1));
    }
    assertThat(server.events).containsExactly("open alice", "close alice");
  }

  @Test
  void subclass_refusedUpgrades_getRealStatusesAndNeverReachTheHooks() throws Exception {
    GreetingServer server = new GreetingServer(gate());
    server.startAndAwait();
    try {
      int port = server.getPort();
      String token = FakeTokenVerifier.token("mallory", Instant.now().plusSeconds(600));

      RawHttp.Response noToken =
          RawHttp.exchange(port, RawHttp.upgrade("/chat", "Origin: " + ORIGIN));
      RawHttp.Response evil =
          RawHttp.exchange(
              port, RawHttp.upgrade("/chat?token=" + token, "Origin: https://evil.example"));
      RawHttp.Response wrongPath =
          RawHttp.exchange(port, RawHttp.upgrade("/ws?token=" + token, "Origin: " + ORIGIN));

      assertThat(noToken.status()).isEqualTo(401);
      assertThat(noToken.header("www-authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
      assertThat(noToken.closed()).isTrue();
      assertThat(evil.status()).isEqualTo(403);
      assertThat(evil.closed()).isTrue();
      assertThat(wrongPath.status()).isEqualTo(404);
    } finally {
      server.shutdown(Duration.ofSeconds(1));
    }
    assertThat(server.events).isEmpty();
  }

  @Test
  void disconnectSubject_closesOnlyThatSubjectsConnections() throws Exception {
    GreetingServer server = new GreetingServer(gate());
    server.startAndAwait();
    try {
      Clients.Recording alice = connect(server, "alice");
      Clients.Recording bob = connect(server, "bob");

      assertThat(server.disconnectSubject("alice", 4001, "revoked")).isEqualTo(1);

      assertThat(alice.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
      assertThat(bob.isOpen()).isTrue();
      bob.closeBlocking();
    } finally {
      server.shutdown(Duration.ofSeconds(1));
    }
  }

  private static Clients.Recording connect(GreetingServer server, String subject) throws Exception {
    String token = FakeTokenVerifier.token(subject, Instant.now().plusSeconds(600));
    Clients.Recording c =
        new Clients.Recording(
            java.net.URI.create("ws://127.0.0.1:" + server.getPort() + "/chat?token=" + token),
            Map.of("Origin", ORIGIN));
    assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
    assertThat(c.messages.poll(10, TimeUnit.SECONDS)).startsWith("hello " + subject);
    return c;
  }
}
