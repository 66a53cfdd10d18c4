package dev.wsgate.adapter.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.adapter.javawebsocket.fixtures.Clients;
import dev.wsgate.gate.DenyList;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.RawHttp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class RevocationTest {

  @Test
  void subjectDeniedWhileConnected_isClosedWith4001AndRefusedAfterwards() throws Exception {
    DenyList deny = new DenyList();
    try (EmbeddedServer server =
        EmbeddedServer.builder()
            .revocationInterval(Duration.ofMillis(100))
            .revocationCheck(deny)
            .start()) {
      String token = FakeTokenVerifier.token("eve", Instant.now().plusSeconds(600));
      Clients.Recording c =
          new Clients.Recording(
              server.uri("/ws?token=" + token), Map.of("Origin", EmbeddedServer.ORIGIN));
      assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).isTrue();

      deny.denySubject("default", "eve", Instant.now().plusSeconds(3600));

      assertThat(c.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
      RawHttp.Response again =
          RawHttp.exchange(
              server.port,
              RawHttp.upgrade("/ws?token=" + token, "Origin: " + EmbeddedServer.ORIGIN));
      assertThat(again.status()).isEqualTo(401);
      assertThat(again.body()).contains("revoked");
    }
  }
}
