package dev.wsgate.gate;

import static dev.wsgate.testkit.HandshakeRequests.withQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class QueryExtractorTest {
  private final TokenExtractor query = TokenExtractors.query("token");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "token=abc | abc",
        "v=1&token=abc&flag | abc",
        "token=a%2Eb%2Dc | a.b-c",
        "token=a%2Bb%2F | a+b/",
        "token=a+b | a b",
        "%74oken=abc | abc",
        "token=abc== | abc==",
        "token=&token=abc | abc",
        "token=abc&token=abc | abc",
        "token=a.b&token=a%2Eb | a.b"
      })
  void extract_parameterPresent_returnsDecodedValue(String rawQuery, String token)
      throws AuthenticationException {
    assertThat(query.extract(withQuery(rawQuery))).hasValue(token);
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"", "token", "token=", "tokens=abc", "xtoken=abc", "TOKEN=abc", "t=abc"})
  void extract_parameterAbsentOrEmpty_isEmpty(String rawQuery) throws AuthenticationException {
    assertThat(query.extract(withQuery(rawQuery))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"token=a&token=b", "token=a&v=1&token=a%20", "token=abc&%74oken=abd"})
  void extract_sameParameterWithDifferentValues_isAmbiguous(String rawQuery) {
    assertThatThrownBy(() -> query.extract(withQuery(rawQuery)))
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.AMBIGUOUS_TOKEN))
        .hasMessage("query parameter 'token' is given twice with different values");
  }

  @ParameterizedTest
  @ValueSource(strings = {"token=%zz", "token=abc%", "token=abc%4"})
  void extract_malformedPercentEncoding_isBadRequestWithoutTheValue(String rawQuery) {
    assertThatThrownBy(() -> query.extract(withQuery(rawQuery)))
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.BAD_REQUEST))
        .hasMessage("malformed percent-encoding in query");
  }

  @Test
  void extract_customParameter_readsOnlyThatOne() throws AuthenticationException {
    TokenExtractor custom = TokenExtractors.query("access_token");
    assertThat(custom.extract(withQuery("token=a&access_token=b"))).hasValue("b");
  }

  @Test
  void query_blankName_throws() {
    assertThatThrownBy(() -> TokenExtractors.query(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void query_describesItself() {
    assertThat(query.name()).isEqualTo("query");
    assertThat(query.browserCanSend()).isTrue();
    assertThat(query).hasToString("query(token)");
  }
}
