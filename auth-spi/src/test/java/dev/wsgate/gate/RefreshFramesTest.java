package dev.wsgate.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.spi.Failure;
import dev.wsgate.spi.VerifiedToken;
import java.time.Instant;
import org.junit.jupiter.api.Test;

final class RefreshFramesTest {
  @Test
  void tokenOf_refreshFrame_theToken() {
    assertThat(RefreshFrames.tokenOf(" {\"type\":\"wsgate.refresh\",\"token\":\"abc\",\"id\":7} "))
        .hasValue("abc");
  }

  @Test
  void tokenOf_escapedToken_unescaped() {
    assertThat(RefreshFrames.tokenOf("{\"token\":\"a\\u002eb\",\"type\":\"wsgate.refresh\"}"))
        .hasValue("a.b");
  }

  @Test
  void tokenOf_ordinaryMessages_empty() {
    assertThat(RefreshFrames.tokenOf("hello")).isEmpty();
    assertThat(RefreshFrames.tokenOf("{\"type\":\"chat\",\"text\":\"wsgate.refresh\"}")).isEmpty();
    assertThat(RefreshFrames.tokenOf("{\"text\": wsgate.refresh")).isEmpty();
    assertThat(RefreshFrames.tokenOf("{not json wsgate.refresh")).isEmpty();
  }

  @Test
  void tokenOf_refreshWithoutStringToken_malformed() {
    assertThat(RefreshFrames.tokenOf("{\"type\":\"wsgate.refresh\",\"token\":42}")).hasValue("");
    assertThat(RefreshFrames.tokenOf("{\"type\":\"wsgate.refresh\"}")).hasValue("");
  }

  @Test
  void tokenOf_refreshThatIsNotJson_malformed() {
    assertThat(RefreshFrames.tokenOf("{\"type\":\"wsgate.refresh\",\"token\":")).hasValue("");
  }

  @Test
  void tokenOf_twoTokenMembers_malformed() {
    assertThat(
            RefreshFrames.tokenOf("{\"type\":\"wsgate.refresh\",\"token\":\"a\",\"token\":\"b\"}"))
        .hasValue("");
  }

  @Test
  void closeCode_byFailure_tableCodesFor401AndOurTrouble() {
    assertThat(RefreshFrames.closeCode(Failure.EXPIRED)).isEqualTo(4002);
    assertThat(RefreshFrames.closeCode(Failure.SUBJECT_MISMATCH)).isEqualTo(4001);
    assertThat(RefreshFrames.closeCode(Failure.TOKEN_TOO_LARGE)).isEqualTo(4001);
    assertThat(RefreshFrames.closeCode(Failure.PROVIDER_UNAVAILABLE)).isEqualTo(1013);
  }

  @Test
  void refreshed_tokenWithExpiry_namesIt() {
    VerifiedToken t =
        VerifiedToken.builder("p", "s").expiresAt(Instant.ofEpochSecond(1_800_000_000)).build();

    assertThat(RefreshFrames.refreshed(t))
        .isEqualTo("{\"type\":\"wsgate.refreshed\",\"exp\":1800000000}");
  }
}
