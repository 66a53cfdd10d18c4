package dev.wsgate.provider.hmac;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link JsonObjects} accepts and refuses what nimbus's {@code JSONObjectUtils} does. */
final class JsonObjectsTest {

  static Stream<String> inputs() {
    return Stream.of(
        "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
        "{\"a\":1,\"b\":1.5,\"c\":-0,\"d\":1e400,\"e\":9223372036854775808,\"f\":12345678901}",
        "{\"a\":null,\"b\":[null,true,false],\"c\":{\"d\":{}}}",
        "{\"u\":\"\\u00e9\\ud83d\\ude00\\ud800\",\"esc\":\"a\\\"b\\\\c\\/\\n\"}",
        "{\"a\":1,\"a\":2}",
        "{\"o\":{\"a\":1,\"a\":2}}",
        "{\"o\":[{\"a\":1,\"a\":2}]}",
        "{alg:\"HS256\"}",
        "{'alg':'HS256'}",
        "{\"alg\":\"HS256\",}",
        "{\"a\":[1,]}",
        "{\"a\":NaN}",
        "{\"a\":1} trailing",
        "{\"a\":1}{\"b\":2}",
        "{\"a\":1} ",
        " \n{\"a\":1}",
        "// comment\n{\"a\":1}",
        "{\"a\";1}",
        "{\"a\"=>1}",
        "[1,2]",
        "\"string\"",
        "42",
        "null",
        "",
        "   ",
        "{",
        "}",
        "{\"a\":01}",
        "{\"a\":\"\t\"}",
        "{\"a\":1}\u0000",
        "\ufeff{\"a\":1}",
        "{\"" + "a".repeat(10_000) + "\":1}",
        "{\"a\":" + "[".repeat(200) + "]".repeat(200) + "}",
        "{\"a\":" + "[".repeat(300) + "]".repeat(300) + "}",
        "{\"a\":" + "{\"a\":".repeat(300) + "1" + "}".repeat(300) + "}",
        "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}");
  }

  @ParameterizedTest
  @MethodSource("inputs")
  void parse_input_sameResultAsNimbus(String json) {
    Object ours = outcome(json, true);
    Object nimbus = outcome(json, false);
    assertThat(ours).isEqualTo(nimbus);
  }

  @Test
  void inputs_includeAcceptedAndRefused() {
    assertThat(inputs().map(j -> outcome(j, false))).contains("refused").contains((Object) null);
    assertThat(inputs().filter(j -> outcome(j, false) instanceof java.util.Map))
        .hasSizeGreaterThan(5);
  }

  /** The parsed map (with value types), null, or "refused". */
  private static Object outcome(String json, boolean ours) {
    try {
      return ours ? JsonObjects.parse(json) : JSONObjectUtils.parse(json);
    } catch (ParseException e) {
      return "refused";
    }
  }
}
