package dev.wsgate.gate;

import static dev.wsgate.testkit.HandshakeRequests.withHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class HeaderExtractorTest {
  private final TokenExtractor header = TokenExtractors.header();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Bearer abc.def.ghi | abc.def.ghi",
        "bearer abc | abc",
        "BEARER abc | abc",
        "Bearer   abc   | abc",
        "Bearer abc+/== | abc+/==",
        "Bearer a-b_c~d | a-b_c~d"
      })
  void extract_bearerCredentials_returnsToken(String value, String token)
      throws AuthenticationException {
    assertThat(header.extract(withHeaders("Authorization", value))).hasValue(token);
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Token abc", "Bearerabc"})
  void extract_otherScheme_isEmpty(String value) throws AuthenticationException {
    assertThat(header.extract(withHeaders("Authorization", value))).isEmpty();
  }

  @Test
  void extract_noAuthorizationHeader_isEmpty() throws AuthenticationException {
    assertThat(header.extract(withHeaders("Cookie", "a=1"))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer a b", "Bearer a,b", "Bearer =abc", "Bearer a; Bearer b"})
  void extract_malformedCredentials_isBadRequest(String value) {
    assertThatThrownBy(() -> header.extract(withHeaders("Authorization", value)))
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.BAD_REQUEST))
        .hasMessage("Authorization header is not 'Bearer <token>'");
  }

  @Test
  void extract_twoAuthorizationHeaders_isAmbiguous() {
    assertThatThrownBy(
            () ->
                header.extract(
                    withHeaders("Authorization", "Bearer a", "authorization", "Bearer a")))
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.AMBIGUOUS_TOKEN));
  }

  @Test
  void header_isNotSendableByBrowsers() {
    assertThat(header.name()).isEqualTo("header");
    assertThat(header.browserCanSend()).isFalse();
  }
}
