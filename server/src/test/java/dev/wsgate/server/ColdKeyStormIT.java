package dev.wsgate.server;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.nimbusds.jose.jwk.RSAKey;
import dev.wsgate.adapter.javawebsocket.fixtures.Jwts;
import dev.wsgate.testkit.RawHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's target for a handshake that waits on keys: a freshly started server with a {@code
 * jwks} tenant whose key server answers after 2 s gets 5,000 concurrent upgrades with distinct new
 * tokens. Every one is accepted, the key server sees at most 2 fetches, and while the upgrades wait
 * the server process runs fewer than 100 threads (waiting holds no thread). Real sockets: the
 * shaded jar in its own process, WireMock as the key server, raw HTTP upgrades over 5,000 socket
 * channels driven by one selector.
 */
final class ColdKeyStormIT {
  private static final String ORIGIN = "https://app.example.com";
  private static final String ISSUER = "https://issuer.example.com/";
  private static final RSAKey KEY = Jwts.rsa("storm-1");
  private static final int UPGRADES = 5_000;
  private static final int KEY_SERVER_DELAY_MS = 2_000;

  @RegisterExtension
  static final WireMockExtension IDP =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @Test
  void coldServer_5000DistinctTokensWaitingForSlowKeys_allAccepted_fewFetches_fewThreads(
      @TempDir Path dir) throws Exception {
    IDP.stubFor(
        get("/keys.json").willReturn(okJson(Jwts.jwks(KEY)).withFixedDelay(KEY_SERVER_DELAY_MS)));
    List<byte[]> requests = new ArrayList<>(UPGRADES);
    for (int i = 0; i < UPGRADES; i++) {
      String token =
          Jwts.rs256(
              KEY,
              Jwts.claims("user-" + i, ISSUER, "chat", Instant.now(), Duration.ofHours(1)).build());
      requests.add(
          RawHttp.upgrade("/ws?token=" + token, "Origin: " + ORIGIN)
              .getBytes(StandardCharsets.US_ASCII));
    }
    try (ServerProcess server =
        ServerProcess.start(
            dir,
            "wsgate.listen.host=127.0.0.1\n"
                + "wsgate.listen.port=0\n"
                + "wsgate.listen.backlog=8192\n"
                + "wsgate.origins="
                + ORIGIN
                + "\n"
                + "wsgate.provider=jwks\n"
                + "wsgate.provider.jwks.jwks-uri="
                + IDP.url("/keys.json")
                + "\n"
                + "wsgate.provider.jwks.issuer="
                + ISSUER
                + "\n"
                + "wsgate.provider.jwks.audience=chat\n"
                + "wsgate.provider.jwks.connect-timeout=5s\n"
                + "wsgate.provider.jwks.read-timeout=10s\n"
                + "wsgate.handshake.verify-timeout=30s\n"
                + "wsgate.handshake.timeout=60s\n"
                + "wsgate.log.level=warn\n")) {
      int port = Integer.parseInt(server.awaitListening().group(2));
      Storm storm = new Storm(port, requests, server.process.pid());

      Map<Integer, Integer> statuses = storm.run(Duration.ofSeconds(90));

      assertThat(statuses).as("statuses of %d upgrades", UPGRADES).containsOnlyKeys(101);
      assertThat(statuses.get(101)).isEqualTo(UPGRADES);
      assertThat(IDP.findAll(getRequestedFor(urlEqualTo("/keys.json"))).size())
          .as("key fetches")
          .isBetween(1, 2);
      assertThat(storm.maxThreadsWhileWaiting)
          .as("server threads while the upgrades waited for the keys")
          .isPositive()
          .isLessThan(100);
    }
  }

  /**
   * Opens every connection, writes every request, then reads each status line; samples the server
   * process's thread count from {@code /proc} while no answer has arrived yet.
   */
  private static final class Storm {
    private final int port;
    private final List<byte[]> requests;
    private final long pid;
    int maxThreadsWhileWaiting;

    Storm(int port, List<byte[]> requests, long pid) {
      this.port = port;
      this.requests = requests;
      this.pid = pid;
    }

    Map<Integer, Integer> run(Duration limit) throws IOException {
      long deadline = System.nanoTime() + limit.toNanos();
      Map<Integer, Integer> statuses = new HashMap<>();
      try (Selector selector = Selector.open()) {
        List<SocketChannel> channels = new ArrayList<>(requests.size());
        try {
          for (byte[] request : requests) {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            channels.add(ch);
            ByteBuffer out = ByteBuffer.wrap(request);
            while (out.hasRemaining()) {
              ch.write(out);
            }
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ, new StringBuilder());
            if (statuses.isEmpty()) {
              sampleThreads();
            }
          }
          int answered = 0;
          ByteBuffer in = ByteBuffer.allocate(4096);
          while (answered < requests.size() && System.nanoTime() < deadline) {
            if (answered == 0) {
              sampleThreads();
            }
            selector.select(100);
            for (SelectionKey key : selector.selectedKeys()) {
              SocketChannel ch = (SocketChannel) key.channel();
              StringBuilder seen = (StringBuilder) key.attachment();
              in.clear();
              int n = ch.read(in);
              if (n > 0) {
                seen.append(new String(in.array(), 0, n, StandardCharsets.ISO_8859_1));
              }
              int eol = seen.indexOf("\r\n");
              if (eol > 0 || n < 0) {
                int status = eol > 0 ? Integer.parseInt(seen.substring(9, 12)) : -1;
                statuses.merge(status, 1, Integer::sum);
                answered++;
                key.cancel();
              }
            }
            selector.selectedKeys().clear();
          }
          statuses.merge(0, requests.size() - answered, Integer::sum);
          statuses.remove(0, 0);
        } finally {
          for (SocketChannel ch : channels) {
            ch.close();
          }
        }
      }
      return statuses;
    }

    /** The server process's thread count, from {@code /proc/PID/status}. */
    private void sampleThreads() throws IOException {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("Threads:")) {
          int threads = Integer.parseInt(line.substring(8).trim());
          maxThreadsWhileWaiting = Math.max(maxThreadsWhileWaiting, threads);
        }
      }
    }
  }
}
