package dev.wsgate.internal.firstmessage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.spi.VerifiedToken;
import java.time.Instant;
import org.junit.jupiter.api.Test;

final class FirstMessageTest {

  @Test
  void tokenOf_authFrame_isItsToken() {
    assertThat(FirstMessage.tokenOf("{\"type\":\"wsgate.auth\",\"token\":\"abc.def.ghi\"}"))
        .contains("abc.def.ghi");
    assertThat(FirstMessage.tokenOf(" { \"token\": \"t\", \"type\" : \"wsgate.auth\" } "))
        .contains("t");
  }

  @Test
  void tokenOf_authFrameWithoutAStringToken_isAnEmptyToken() {
    assertThat(FirstMessage.tokenOf("{\"type\":\"wsgate.auth\"}")).contains("");
    assertThat(FirstMessage.tokenOf("{\"type\":\"wsgate.auth\",\"token\":42}")).contains("");
  }

  @Test
  void tokenOf_anyOtherFrame_isEmpty() {
    for (String frame :
        new String[] {
          "hello",
          "",
          "{\"type\":\"wsgate.refresh\",\"token\":\"t\"}",
          "{\"type\":\"chat\",\"text\":\"wsgate.auth\"}",
          "{\"type\":\"wsgate.auth\",\"token\":",
          "[\"wsgate.auth\"]"
        }) {
      assertThat(FirstMessage.tokenOf(frame)).as(frame).isEmpty();
    }
  }

  @Test
  void authenticated_carriesTheTokensExp() {
    VerifiedToken t =
        VerifiedToken.builder("hmac", "alice")
            .expiresAt(Instant.ofEpochSecond(1_900_000_000L))
            .build();
    assertThat(FirstMessage.authenticated(t))
        .isEqualTo("{\"type\":\"wsgate.authenticated\",\"exp\":1900000000}");
    assertThat(FirstMessage.authenticated(VerifiedToken.builder("hmac", "alice").build()))
        .isEqualTo("{\"type\":\"wsgate.authenticated\",\"exp\":null}");
  }
}
