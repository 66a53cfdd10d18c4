package dev.wsgate.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.spi.Failure;
import org.junit.jupiter.api.Test;

final class OpeningHandshakeTest {
  private static Headers.Builder upgrade() {
    return Headers.builder()
        .add("Upgrade", "websocket")
        .add("Connection", "keep-alive, Upgrade")
        .add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
        .add("Sec-WebSocket-Version", "13");
  }

  @Test
  void problem_validUpgrade_none() {
    assertThat(OpeningHandshake.problem("GET", upgrade().build())).isEmpty();
  }

  @Test
  void problem_notGet_notAnUpgrade() {
    assertThat(OpeningHandshake.problem("POST", upgrade().build()))
        .hasValueSatisfying(r -> assertThat(r.failure()).isEqualTo(Failure.NOT_AN_UPGRADE));
  }

  @Test
  void problem_noKey_notAnUpgrade() {
    Headers h =
        Headers.builder()
            .add("Upgrade", "websocket")
            .add("Connection", "Upgrade")
            .add("Sec-WebSocket-Version", "13")
            .build();

    assertThat(OpeningHandshake.problem("GET", h))
        .hasValueSatisfying(r -> assertThat(r.failure()).isEqualTo(Failure.NOT_AN_UPGRADE));
  }

  @Test
  void problem_noConnectionUpgrade_notAnUpgrade() {
    Headers h =
        Headers.builder()
            .add("Upgrade", "websocket")
            .add("Connection", "keep-alive")
            .add("Sec-WebSocket-Key", "k")
            .add("Sec-WebSocket-Version", "13")
            .build();

    assertThat(OpeningHandshake.problem("GET", h))
        .hasValueSatisfying(r -> assertThat(r.failure()).isEqualTo(Failure.NOT_AN_UPGRADE));
  }

  @Test
  void problem_a13AndAn8VersionLine_unsupportedVersion() {
    Headers h = upgrade().add("Sec-WebSocket-Version", "8").build();

    assertThat(OpeningHandshake.problem("GET", h))
        .hasValueSatisfying(r -> assertThat(r.failure()).isEqualTo(Failure.UNSUPPORTED_VERSION));
  }

  @Test
  void problem_version8_unsupportedVersionWithTheVersionHeaders() {
    Headers h =
        Headers.builder()
            .add("Upgrade", "websocket")
            .add("Connection", "Upgrade")
            .add("Sec-WebSocket-Key", "k")
            .add("Sec-WebSocket-Version", "8")
            .build();

    assertThat(OpeningHandshake.problem("GET", h))
        .hasValueSatisfying(
            r -> {
              assertThat(r.failure()).isEqualTo(Failure.UNSUPPORTED_VERSION);
              assertThat(r.refusal().headers())
                  .contains(new Refusal.Header("Sec-WebSocket-Version", "13"));
            });
  }

  @Test
  void problem_extendedConnect_leftToTheContainer() {
    assertThat(OpeningHandshake.problem("CONNECT", Headers.empty())).isEmpty();
  }

  @Test
  void isUpgradeAttempt_upgradeHeaderOrConnect_true() {
    assertThat(OpeningHandshake.isUpgradeAttempt("GET", upgrade().build())).isTrue();
    assertThat(OpeningHandshake.isUpgradeAttempt("CONNECT", Headers.empty())).isTrue();
    assertThat(OpeningHandshake.isUpgradeAttempt("POST", Headers.empty())).isFalse();
  }
}
