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

final class CookieExtractorTest {
  private final TokenExtractor cookie = TokenExtractors.cookie("wsgate_token");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "wsgate_token=abc | abc",
        "a=1; wsgate_token=abc; b=2 | abc",
        "a=1;wsgate_token=abc | abc",
        "wsgate_token=\"abc\" | abc",
        "wsgate_token=abc== | abc==",
        "wsgate_token=; wsgate_token=abc | abc",
        "wsgate_token=abc; wsgate_token=\"abc\" | abc",
        "theme=dark; wsgate_token=abc; lang=en; junk | abc"
      })
  void extract_cookiePresent_returnsValue(String header, String token)
      throws AuthenticationException {
    assertThat(cookie.extract(withHeaders("Cookie", header))).hasValue(token);
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(
      strings = {
        "",
        "a=1",
        "WSGATE_TOKEN=abc",
        "xwsgate_token=abc",
        "wsgate_token2=abc",
        "wsgate_token=",
        "wsgate_token",
        "a=wsgate_token=abc"
      })
  void extract_cookieAbsentOrEmpty_isEmpty(String header) throws AuthenticationException {
    assertThat(cookie.extract(withHeaders("Cookie", header))).isEmpty();
  }

  @Test
  void extract_noCookieHeader_isEmpty() throws AuthenticationException {
    assertThat(cookie.extract(withHeaders("Origin", "https://a.test"))).isEmpty();
  }

  @Test
  void extract_severalCookieHeaders_areAllRead() throws AuthenticationException {
    assertThat(cookie.extract(withHeaders("Cookie", "a=1", "cookie", "wsgate_token=abc")))
        .hasValue("abc");
  }

  @Test
  void extract_headersJoinedBySemicolon_areRead() throws AuthenticationException {
    assertThat(cookie.extract(withHeaders("Cookie", "a=1; wsgate_token=abc"))).hasValue("abc");
  }

  @ParameterizedTest
  @ValueSource(strings = {"wsgate_token=a; wsgate_token=b", "wsgate_token=a; wsgate_token=\"b\""})
  void extract_sameCookieWithDifferentValues_isAmbiguous(String header) {
    assertThatThrownBy(() -> cookie.extract(withHeaders("Cookie", header)))
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.AMBIGUOUS_TOKEN))
        .hasMessageNotContaining("=a")
        .hasMessageNotContaining("=b");
  }

  @Test
  void extract_differentValuesInTwoHeaders_isAmbiguous() {
    assertThatThrownBy(
            () ->
                cookie.extract(withHeaders("Cookie", "wsgate_token=a", "Cookie", "wsgate_token=b")))
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.AMBIGUOUS_TOKEN));
  }

  @Test
  void cookie_blankName_throws() {
    assertThatThrownBy(() -> TokenExtractors.cookie(""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cookie_describesItself() {
    assertThat(cookie.name()).isEqualTo("cookie");
    assertThat(cookie.browserCanSend()).isTrue();
  }
}
