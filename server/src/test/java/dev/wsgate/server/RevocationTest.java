package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.gate.DenyList;
import dev.wsgate.testkit.FakeTokenVerifier;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class RevocationTest {

  @Test
  void subjectDeniedWhileConnected_isClosedWith4001AndRefusedAfterwards() throws Exception {
    DenyList deny = new DenyList();
    try (TestServer server =
        TestServer.start(
            Map.of("wsgate.session.revocation-interval", "100ms"),
            ConnectionHandler.echo(),
            Clock.systemUTC(),
            List.of(deny))) {
      String token = FakeTokenVerifier.token("eve", Instant.now().plusSeconds(600));
      Clients.Recording c =
          new Clients.Recording(
              server.uri("/ws?token=" + token), Map.of("Origin", TestServer.ORIGIN));
      assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).isTrue();

      deny.denySubject("default", "eve", Instant.now().plusSeconds(3600));

      assertThat(c.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
      RawHttp.Response again =
          RawHttp.exchange(
              server.port, RawHttp.upgrade("/ws?token=" + token, "Origin: " + TestServer.ORIGIN));
      assertThat(again.status()).isEqualTo(401);
      assertThat(again.body()).contains("revoked");
    }
  }
}
