package dev.wsgate.adapter.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.adapter.javawebsocket.internal.upgrade.VerificationPools;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A seeded socket-level fuzz of the upgrade request: random bytes, truncated and mutated requests,
 * huge and garbage header lines. Every answer must be a well-formed HTTP refusal from a known set
 * (or a 101 for a mutation that left the request valid, or a plain close), valid handshakes must
 * keep working, the server's thread count must not grow with the number of connections, and every
 * thread it started must be gone after shutdown.
 */
final class UpgradeFuzzTest {
  private static final long SEED = 0x5eC0_2026L;
  private static final int ROUNDS = 400;
  private static final int BATCH = 40;
  private static final Set<Integer> REFUSALS = Set.of(400, 401, 403, 404, 408, 426, 431);

  @Test
  void fuzzedUpgradeRequests_leaveTheServerHealthy_withoutThreadLeaks() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    Random random = new Random(SEED);
    String token = FakeTokenVerifier.token("alice", Instant.now().plusSeconds(600));
    String valid = RawHttp.upgrade("/ws?token=" + token, "Origin: " + EmbeddedServer.ORIGIN);
    int threadsWhileRunning;
    int answered = 0;
    try (EmbeddedServer server =
        EmbeddedServer.builder()
            // incomplete requests end at this deadline; a batch runs concurrently
            .handshakeTimeout(Duration.ofMillis(500))
            .handshakeMaxBytes(16384)
            .start()) {
      assertThat(RawHttp.exchange(server.port, valid).status()).isEqualTo(101);
      int threadsAtStart = Thread.activeCount();
      List<Thread> clientThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
      ExecutorService clients =
          Executors.newFixedThreadPool(
              BATCH,
              r -> {
                Thread t = new Thread(r, "fuzz-client");
                clientThreads.add(t);
                return t;
              });
      try {
        for (int batch = 0; batch < ROUNDS / BATCH; batch++) {
          List<Future<Integer>> answers = new ArrayList<>();
          List<String> names = new ArrayList<>();
          for (int i = 0; i < BATCH; i++) {
            int kind = random.nextInt(6);
            byte[] request = request(kind, random, valid);
            names.add("round " + (batch * BATCH + i) + " kind " + kind + " seed " + SEED);
            answers.add(clients.submit(() -> send(server.port, request)));
          }
          for (int i = 0; i < BATCH; i++) {
            Integer status = answers.get(i).get(60, TimeUnit.SECONDS);
            if (status == null) {
              continue;
            }
            answered++;
            String name = names.get(i);
            if (name.contains("kind 4")) {
              assertThat(status).as(name).isEqualTo(400);
            } else if (name.contains("kind 5")) {
              assertThat(status).as(name).isEqualTo(101);
            } else if (status != 101 || !name.contains("kind 2")) {
              // 101 only for a mutation that left the request valid
              assertThat(status).as(name).isIn(REFUSALS);
            }
          }
          assertThat(RawHttp.exchange(server.port, valid).status()).isEqualTo(101);
        }
      } finally {
        clients.shutdownNow();
        clients.awaitTermination(10, TimeUnit.SECONDS);
        for (Thread t : clientThreads) {
          t.join(5_000); // so that only the server's threads are counted below
        }
      }
      assertThat(RawHttp.exchange(server.port, valid).status()).isEqualTo(101);
      threadsWhileRunning = Thread.activeCount();
      // the verification and upgrade pools may have grown to their bounds; nothing scales with
      // connections
      int decoders = server.server.config().decoders();
      assertThat(threadsWhileRunning)
          .isLessThanOrEqualTo(
              threadsAtStart + VerificationPools.verifyThreads(decoders) + decoders + 2);
    }
    assertThat(answered).as("fuzzed requests answered in HTTP").isGreaterThan(ROUNDS * 9 / 10);
    Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
    started.removeAll(before);
    for (Thread t : started) {
      t.join(5_000);
    }
    assertThat(started.stream().filter(Thread::isAlive).map(Thread::getName))
        .as("threads still alive after shutdown")
        .isEmpty();
  }

  private static byte[] request(int kind, Random random, String valid) {
    byte[] v = valid.getBytes(StandardCharsets.US_ASCII);
    switch (kind) {
      case 0: // random bytes
        byte[] noise = new byte[random.nextInt(2048)];
        random.nextBytes(noise);
        return noise;
      case 1: // truncated valid request
        return java.util.Arrays.copyOf(v, random.nextInt(v.length));
      case 2: // a valid request with a few bytes replaced by troublesome ones
        byte[] m = v.clone();
        byte[] nasty = {0, '\r', '\n', ':', ' ', (byte) 0xff, (byte) 0xc3, '%', '"', 0x7f};
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
          m[random.nextInt(m.length)] = nasty[random.nextInt(nasty.length)];
        }
        return m;
      case 3: // a header over wsgate.handshake.max-bytes
        return valid
            .replace(
                "\r\n\r\n",
                "\r\nX-Big: " + "b".repeat(16_384 + random.nextInt(200_000)) + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
      case 4: // lines that are not headers (no colon): the request is malformed
        return withLines(random, valid, () -> printable(random, 1 + random.nextInt(80), false));
      default: // random but well-formed extra headers: the request stays valid
        return withLines(
            random,
            valid,
            () ->
                "X-R"
                    + random.nextInt(1_000_000)
                    + ":"
                    + printable(random, random.nextInt(80), true));
    }
  }

  private static byte[] withLines(Random random, String valid, Supplier<String> line) {
    StringBuilder b = new StringBuilder(valid.substring(0, valid.length() - 2));
    for (int i = 0, n = 1 + random.nextInt(50); i < n; i++) {
      b.append(line.get()).append("\r\n");
    }
    return b.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static String printable(Random random, int length, boolean colonAllowed) {
    StringBuilder b = new StringBuilder(length);
    while (b.length() < length) {
      char c = (char) (32 + random.nextInt(95));
      if (colonAllowed || c != ':') {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * The status answered, or null when the server closed without an answer. The socket is not
   * half-closed after the request: Java-WebSocket drops a connection at end of stream before its
   * decoder looked at what arrived, so unfinished requests run into the handshake timeout (408).
   */
  private static Integer send(int port, byte[] request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(15_000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (IOException e) {
        // refused and closed before everything was written
      }
      try {
        return RawHttp.read(s.getInputStream()).status();
      } catch (IOException e) {
        return null;
      }
    }
  }
}
