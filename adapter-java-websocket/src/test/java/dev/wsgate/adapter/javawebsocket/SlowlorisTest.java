package dev.wsgate.adapter.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A client that trickles its request head byte by byte is dropped at {@code
 * wsgate.handshake.timeout} with 408, however steadily it keeps sending: the deadline is for the
 * whole request, not an idle timeout.
 */
final class SlowlorisTest {
  private static final String ORIGIN = "Origin: " + EmbeddedServer.ORIGIN;

  /** Sends one byte every 20 ms until the server stops reading; returns what it answered. */
  private static final ExecutorService CLIENTS = Executors.newCachedThreadPool();

  @AfterAll
  static void stopClients() {
    CLIENTS.shutdownNow();
  }

  private static CompletableFuture<RawHttp.Response> trickle(int port, byte[] request) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (byte b : request) {
              if (in.available() > 0) {
                break; // the server answered early
              }
              try {
                out.write(b);
                out.flush();
              } catch (IOException e) {
                break; // closed by the server
              }
              Thread.sleep(20);
            }
            return RawHttp.read(in);
          } catch (IOException e) {
            throw new IllegalStateException(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        },
        CLIENTS);
  }

  @Test
  void requestHead_trickledByteByByte_isDroppedWith408() throws Exception {
    try (EmbeddedServer server =
        EmbeddedServer.builder().handshakeTimeout(Duration.ofSeconds(1)).start()) {
      String token = FakeTokenVerifier.token("alice", Instant.now().plusSeconds(600));
      // 20 ms per byte: this request would take about 6 s to send in full
      byte[] request =
          RawHttp.upgrade("/ws?token=" + token, ORIGIN, "X-Pad: " + "p".repeat(100))
              .getBytes(StandardCharsets.US_ASCII);

      RawHttp.Response r = trickle(server.port, request).get(30, TimeUnit.SECONDS);

      assertThat(r.status()).isEqualTo(408);
      assertThat(r.closed()).isTrue();
      assertThat(
              RawHttp.exchange(server.port, RawHttp.upgrade("/ws?token=" + token, ORIGIN)).status())
          .isEqualTo(101);
    }
  }

  @Test
  void manySlowClients_allDropped_andValidClientsServedMeanwhile() throws Exception {
    try (EmbeddedServer server =
        EmbeddedServer.builder().handshakeTimeout(Duration.ofSeconds(1)).start()) {
      String token = FakeTokenVerifier.token("alice", Instant.now().plusSeconds(600));
      byte[] request =
          RawHttp.upgrade("/ws?token=" + token, ORIGIN, "X-Pad: " + "p".repeat(100))
              .getBytes(StandardCharsets.US_ASCII);
      List<CompletableFuture<RawHttp.Response>> slow = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        slow.add(trickle(server.port, request));
      }

      // while they trickle, a normal client is served at once
      assertThat(
              RawHttp.exchange(server.port, RawHttp.upgrade("/ws?token=" + token, ORIGIN)).status())
          .isEqualTo(101);
      for (CompletableFuture<RawHttp.Response> f : slow) {
        assertThat(f.get(60, TimeUnit.SECONDS).status()).isEqualTo(408);
      }
    }
  }
}
