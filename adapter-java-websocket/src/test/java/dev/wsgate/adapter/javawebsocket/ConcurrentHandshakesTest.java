package dev.wsgate.adapter.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class ConcurrentHandshakesTest {

  @Test
  void thousandHandshakes_concurrency50_30PercentInvalid_everyDecisionRight() throws Exception {
    String valid = FakeTokenVerifier.token("load", Instant.now().plusSeconds(3600));
    String[] invalid = {"fail.INVALID_SIGNATURE", "fail.EXPIRED", "garbage", "fake.x.notanumber"};
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    ExecutorService clients = Executors.newFixedThreadPool(50);
    try (EmbeddedServer server = EmbeddedServer.start()) {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        boolean bad = i % 10 < 3;
        String token = bad ? invalid[i % invalid.length] : valid;
        int n = i;
        done.add(
            clients.submit(
                () -> {
                  try {
                    RawHttp.Response r =
                        RawHttp.exchange(
                            server.port,
                            RawHttp.upgrade(
                                "/ws?token=" + token, "Origin: " + EmbeddedServer.ORIGIN));
                    int expected = bad ? 401 : 101;
                    if (r.status() != expected) {
                      wrong.add(n + ": " + r.statusLine());
                    }
                  } catch (Exception e) {
                    wrong.add(n + ": " + e);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }

      assertThat(wrong).isEmpty();
      Clients.Recording after =
          new Clients.Recording(
              server.uri("/ws?token=" + valid), Map.of("Origin", EmbeddedServer.ORIGIN));
      assertThat(after.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
      after.send("after");
      assertThat(after.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("after");
      after.closeBlocking();
    } finally {
      clients.shutdownNow();
    }
  }
}
