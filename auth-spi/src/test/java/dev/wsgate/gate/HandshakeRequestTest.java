package dev.wsgate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsgate.testkit.HandshakeRequests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class HandshakeRequestTest {

  @ParameterizedTest(name = "{0} -> {1} ? {2}")
  @CsvSource(
      value = {
        "/ws?token=abc, /ws, token=abc",
        "/ws, /ws, ''",
        "/ws?, /ws, ''",
        "/ws?a=1?b=2, /ws, a=1?b=2",
        "/ws?token=abc#frag, /ws, token=abc",
        "/ws#frag?x=1, /ws, ''",
        "'', /, ''"
      })
  void of_requestTarget_splitsPathAndRawQuery(String target, String path, String query) {
    HandshakeRequest r = HandshakeRequest.of(target, Headers.empty(), "203.0.113.7");
    assertThat(r.path()).isEqualTo(path);
    assertThat(r.rawQuery()).isEqualTo(query);
  }

  @Test
  void of_nullTarget_isRoot() {
    assertThat(HandshakeRequest.of(null, Headers.empty(), "x").path()).isEqualTo("/");
  }

  @Test
  void new_nullComponent_throws() {
    assertThatThrownBy(() -> new HandshakeRequest("/ws", null, Headers.empty(), "x"))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void toString_hidesQueryAndHeaderValues() {
    HandshakeRequest r =
        HandshakeRequests.of("/ws?token=secret-token", "Cookie", "wsgate_token=secret-cookie");
    assertThat(r.toString())
        .contains("/ws")
        .contains("[REDACTED]")
        .contains("Cookie")
        .doesNotContain("secret-token")
        .doesNotContain("secret-cookie");
  }
}
