package dev.wsgate.adapter.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.testkit.FakeTokenVerifier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.WebSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.Test;

/**
 * The ping sweep over real sockets, on an injected ticker that only the test moves: a connection
 * silent both ways for a ping interval is pinged, not before; one that sent nothing for 1.5
 * intervals is closed, not before. The sweep is run by the test ({@link WsgateNetty#pingSweep});
 * the timer's own would come only after a quarter of the hour-long interval.
 */
final class PingTest {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Duration PING = Duration.ofHours(1);
  private static final long P = PING.toNanos();

  private final AtomicLong ticker = new AtomicLong(1_000_000);

  private NettyServer server() {
    return NettyServer.start(
        new WsgateNetty(
            NettyServer.gate(new FakeTokenVerifier(), 512, CLOCK),
            NettyGateConfig.defaults("/ws").withPingInterval(PING),
            CLOCK,
            new SimpleMeterRegistry(),
            null,
            ticker::get),
        2);
  }

  private static Pinged connect(NettyServer server, boolean answersPings) throws Exception {
    Pinged c =
        new Pinged(
            server.uri("/ws?token=" + FakeTokenVerifier.token("ann", NOW.plusSeconds(3600))),
            answersPings);
    assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
    awaitOpenSessions(server, 1); // the session's times start when its 101 is written
    server.drainEventLoops(); // and with the read of the upgrade request, done by then
    return c;
  }

  @Test
  void silentConnection_pingedAfterOneInterval_notBefore_andAgainAfterTheNext() throws Exception {
    try (NettyServer server = server()) {
      Pinged c = connect(server, true);
      long opened = ticker.get();

      ticker.set(opened + P - 1);
      server.wsgate.pingSweep();
      server.drainEventLoops();
      roundTrip(server, c, "a"); // a ping written by the sweep would have come before the echo
      assertThat(c.pings.get()).isZero();

      long echoed = ticker.get(); // the round trip was the last read and write
      ticker.set(echoed + P);
      server.wsgate.pingSweep();
      awaitPings(c, 1);

      roundTrip(server, c, "b"); // after the pong
      ticker.set(echoed + 2 * P);
      server.wsgate.pingSweep();
      awaitPings(c, 2);
      assertThat(c.isOpen()).isTrue();
      c.closeBlocking();
    }
  }

  @Test
  void peerThatNeverAnswers_closedAfterOneAndAHalfIntervalsWithoutReading() throws Exception {
    try (NettyServer server = server()) {
      Pinged c = connect(server, false);
      long opened = ticker.get();

      ticker.set(opened + P);
      server.wsgate.pingSweep();
      awaitPings(c, 1);

      ticker.set(opened + P + P / 2 - 1);
      server.wsgate.pingSweep();
      server.drainEventLoops();
      roundTrip(server, c, "still here"); // not closed yet; and a read: the silence starts again

      long read = ticker.get();
      ticker.set(read + P + P / 2);
      server.wsgate.pingSweep();

      assertThat(c.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
      awaitOpenSessions(server, 0);
    }
  }

  @Test
  void serverWrites_deferThePing_butOnlyReadsKeepTheConnection() throws Exception {
    try (NettyServer server = server()) {
      Pinged c = connect(server, false);
      long opened = ticker.get();

      ticker.set(opened + P - 1);
      server.wsgate.sessions().forEach(s -> s.channel().send("news")); // a write, no read
      assertThat(c.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("news");

      ticker.set(opened + P); // silent for reading, not both ways: no ping
      server.wsgate.pingSweep();
      server.drainEventLoops();
      ticker.set(opened + P + P / 2); // nothing read since the 101
      server.wsgate.pingSweep();

      assertThat(c.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
      assertThat(c.pings.get()).isZero();
    }
  }

  /**
   * Sends {@code text} and waits for its echo, and for the server to have taken the time of that
   * read (after the echo is written): the ticker may move on then.
   */
  private static void roundTrip(NettyServer server, Pinged c, String text)
      throws InterruptedException {
    c.send(text);
    assertThat(c.messages.poll(10, TimeUnit.SECONDS)).isEqualTo(text);
    server.drainEventLoops();
  }

  private static void awaitPings(Pinged c, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (c.pings.get() < n && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      Thread.yield();
    }
    assertThat(c.pings.get()).isEqualTo(n);
  }

  private static void awaitOpenSessions(NettyServer server, int n) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (server.wsgate.openSessions() != n && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      Thread.yield();
    }
    assertThat(server.wsgate.openSessions()).isEqualTo(n);
  }

  /** A client that counts the server's pings and answers them with a pong, or not. */
  private static final class Pinged extends WebSocketClient {
    final AtomicInteger pings = new AtomicInteger();
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final boolean answers;

    Pinged(URI uri, boolean answers) {
      super(uri, Map.of("Origin", NettyServer.ORIGIN));
      this.answers = answers;
      setConnectionLostTimeout(0); // the server's pings are under test, not the client's
    }

    @Override
    public void onWebsocketPing(WebSocket conn, Framedata f) {
      if (answers) {
        super.onWebsocketPing(conn, f);
      }
      // Counted after the pong is queued: a message the test sends once it sees the count goes
      // out after the pong, so the server reads the pong before the ticker moves on.
      pings.incrementAndGet();
    }

    @Override
    public void onOpen(ServerHandshake h) {}

    @Override
    public void onMessage(String message) {
      messages.add(message);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
      closeCode.complete(code);
    }

    @Override
    public void onError(Exception ex) {
      // surfaces through onClose
    }
  }
}
