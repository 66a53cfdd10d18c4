package dev.wsgate.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class UnverifiedIssuerTest {
  private static String jwt(String payloadJson) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8))
        + ".c2ln";
  }

  @ParameterizedTest(name = "{0} -> [{1}]")
  @CsvSource(
      delimiter = '|',
      emptyValue = "",
      nullValues = "NONE",
      value = {
        "{\"iss\":\"https://a.example\"}|https://a.example",
        "{ \"sub\" : \"x\" , \"iss\" : \"https://a.example\" }|https://a.example",
        "{\"aud\":[\"x\",{\"iss\":\"nested\"}],\"iss\":\"https://b.example\"}|https://b.example",
        "{\"o\":{\"k\":\"}]\\\"\"},\"iss\":\"https://c.example\"}|https://c.example",
        "{\"iss\":\"https:\\/\\/d.example\"}|https://d.example",
        "{\"iss\":\"\\u0068ttps://e.example\"}|https://e.example",
        "{\"exp\":1,\"n\":null,\"t\":true,\"iss\":\"i\"}|i",
        "{\"iss\":\"a\",\"iss\":\"b\"}|NONE",
        "{\"iss\":7}|NONE",
        "{\"sub\":\"x\"}|NONE",
        "{}|NONE",
        "[\"iss\"]|NONE",
        "{\"iss\":\"a\"} trailing|NONE",
        "{\"iss\":\"a|NONE",
        "{\"iss\":\"a\\q\"}|NONE",
        "not json|NONE",
      })
  void of_payload_readsOnlyAWellFormedSingleIssuer(String payload, String expected) {
    assertThat(UnverifiedIssuer.of(jwt(payload)).orElse(null)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"a.b", "a.b.c.d", "x", "a.!!!.c", "''"})
  void of_notACompactJws_isEmpty(String token) {
    assertThat(UnverifiedIssuer.of(token)).isEmpty();
  }
}
