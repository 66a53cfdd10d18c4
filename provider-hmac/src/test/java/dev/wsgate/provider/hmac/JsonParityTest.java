package dev.wsgate.provider.hmac;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.wsgate.internal.JsonObjects;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * auth-spi's {@link JsonObjects}, which reads token headers and claims here, accepts and refuses
 * what nimbus's {@code JSONObjectUtils} does, with the same value types.
 */
final class JsonParityTest {

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
        "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}",
        // the nesting limit, counting the outer object: 255 containers open at once
        "{\"a\":" + "[".repeat(254) + "]".repeat(254) + "}",
        "{\"a\":" + "[".repeat(255) + "]".repeat(255) + "}",
        "{\"a\":" + "{\"a\":".repeat(254) + "1" + "}".repeat(254) + "}",
        "{\"a\":" + "{\"a\":".repeat(253) + "[]" + "}".repeat(253) + "}",
        // numbers
        "{\"a\":[-0,-0.0,0.5,1.,.5,+1,-,1e,1e+,1E+2,1e-400,-01,00,0x10,1_0]}",
        "{\"a\":-9223372036854775808,\"b\":-9223372036854775809,\"c\":1.0,\"d\":1e2}",
        "{\"a\":1x}",
        "{\"a\":1 }",
        "{\"a\":-1e308,\"b\":-1e309}",
        // literals
        "{\"a\":TRUE}",
        "{\"a\":truex}",
        "{\"a\":nul}",
        "{\"a\":true,\"b\":false,\"c\":null}",
        " null ",
        "nullx",
        "null null",
        // strings and escapes
        "{\"a\":\"\u0000\"}",
        "{\"a\":\"\u001f\"}",
        "{\"a\":\"\u007f\"}",
        "{\"a\":\"\\u00G0\"}",
        "{\"a\":\"\\uFFFF\\uFEFF\"}",
        "{\"a\":\"\\u12\"}",
        "{\"a\":\"\\\'\"}",
        "{\"a\":\"\\x41\"}",
        "{\"a\":\"\\\n\"}",
        "{\"a\":\"\\b\\f\\r\\t\"}",
        "{\"a\":\"unterminated}",
        "{\"\\u0061\":1,\"a\":2}",
        "{\"a\\u0000\":1}",
        // whitespace and separators
        "{\"a\"\f:1}",
        "{\"a\":1\f}",
        "\t\r\n{\"a\"\t:\r1\n}\r\n",
        "{\"a\":1,,\"b\":2}",
        "{,\"a\":1}",
        "{\"a\":[,1]}",
        "{\"a\":[1;2]}",
        "{\"a\":1;\"b\":2}",
        "{\"a\":1#}",
        "{\"a\":1}/",
        " \ufeff{\"a\":1}",
        "\ufeff\ufeff{\"a\":1}");
  }

  /**
   * Seeded random objects, most of them mutated by a few edits from a set of characters that matter
   * to a JSON reader: both parsers must accept the same ones with the same values.
   */
  @Test
  void parse_seededRandomInputs_sameResultsAsNimbus() {
    java.util.Random random = new java.util.Random(0x150_2026L);
    int accepted = 0;
    for (int n = 0; n < 20_000; n++) {
      StringBuilder b = new StringBuilder();
      randomObject(random, b, 0);
      String json = b.toString();
      int edits = random.nextInt(4);
      for (int e = 0; e < edits && !json.isEmpty(); e++) {
        json = mutate(random, json);
      }
      if (gson214MayRefuse(json)) {
        continue; // see parse_integerOf20OrMoreDigits_isADouble_thoughGson214RefusesSome
      }
      Object expected = expected(json);
      assertThat(outcome(json, true)).as("input %s", escape(json)).isEqualTo(expected);
      if (!"refused".equals(expected)) {
        accepted++;
      }
    }
    assertThat(accepted).as("accepted inputs").isBetween(2_000, 18_000);
  }

  private static final String[] ATOMS = {
    "0",
    "-0",
    "1",
    "-1",
    "12",
    "1.5",
    "-0.25",
    "1e3",
    "1E-2",
    "2.5e+8",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "1e308",
    "true",
    "false",
    "null",
    "\"\"",
    "\"a\"",
    "\"\\u00e9\"",
    "\"\\\"\\\\\\/\"",
    "\"\\ud83d\\ude00\"",
    "\"\\n\\t\"",
    "\"\u00e9\""
  };
  private static final String EDITS =
      "{}[]\":,\\ \t\n\r\f\u0000\u001f\ufeff/#;='0123456789eE.+-tnfrulsx";

  private static void randomObject(java.util.Random r, StringBuilder b, int depth) {
    b.append('{');
    int n = r.nextInt(depth == 0 ? 5 : 3);
    for (int k = 0; k < n; k++) {
      if (k > 0) {
        b.append(',');
      }
      b.append('"').append((char) ('a' + r.nextInt(depth == 0 ? 6 : 2))).append("\":");
      randomValue(r, b, depth + 1);
    }
    b.append('}');
  }

  private static void randomValue(java.util.Random r, StringBuilder b, int depth) {
    int kind = r.nextInt(depth < 4 ? 10 : 8);
    if (kind < 8) {
      b.append(ATOMS[r.nextInt(ATOMS.length)]);
    } else if (kind == 8) {
      randomObject(r, b, depth);
    } else {
      b.append('[');
      int n = r.nextInt(4);
      for (int k = 0; k < n; k++) {
        if (k > 0) {
          b.append(r.nextInt(10) == 0 ? " , " : ",");
        }
        randomValue(r, b, depth + 1);
      }
      b.append(']');
    }
  }

  private static String mutate(java.util.Random r, String s) {
    int at = r.nextInt(s.length());
    char c = EDITS.charAt(r.nextInt(EDITS.length()));
    switch (r.nextInt(3)) {
      case 0:
        return s.substring(0, at) + s.substring(at + 1);
      case 1:
        return s.substring(0, at) + c + s.substring(at);
      default:
        return s.substring(0, at) + c + s.substring(at + 1);
    }
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return b.toString();
  }

  @ParameterizedTest
  @MethodSource("inputs")
  void parse_input_sameResultAsNimbus(String json) {
    assertThat(outcome(json, true)).isEqualTo(expected(json));
  }

  @Test
  void parse_topLevelArrayOfEntries_isRefused_thoughNimbusReadsItAsAnObject() {
    // Gson's map adapter also reads [[name, value], ...]; a claims set is a JSON object (RFC 7519)
    for (String json : List.of("[]", "[[\"sub\",\"alice\"]]", " []", "\ufeff[[\"a\",1]]")) {
      assertThat(outcome(json, false)).as(json).isInstanceOf(Map.class);
      assertThat(outcome(json, true)).as(json).isEqualTo("refused");
    }
  }

  @Test
  void parse_integerOf20OrMoreDigits_isADouble_thoughGson214RefusesSome() throws Exception {
    // Gson 2.14 takes an integer whose overflowing running value passes 0 for a leading zero
    // (fixed upstream after 2.14, google/gson#3034); RFC 8259 allows any length
    assertThat(outcome("{\"a\":922337203685477580801}", false)).isEqualTo("refused");
    assertThat(JsonObjects.parse("{\"a\":922337203685477580801,\"b\":-92233720368547758080e3}"))
        .containsExactly(
            Map.entry("a", Double.valueOf("922337203685477580801")),
            Map.entry("b", Double.valueOf("-92233720368547758080e3")));
  }

  /** Whether {@code json} has a run of 20 or more digits, which Gson 2.14 may refuse by mistake. */
  private static boolean gson214MayRefuse(String json) {
    return json.matches("(?s).*[0-9]{20}.*");
  }

  /** Nimbus's outcome, except that a top-level array and what nimbus reads as null are refused. */
  private static Object expected(String json) {
    String rest = json.startsWith("\ufeff") ? json.substring(1) : json;
    Object nimbus = outcome(json, false);
    return rest.strip().startsWith("[") || nimbus == null ? "refused" : nimbus;
  }

  @Test
  void inputs_includeAcceptedAndRefused() {
    assertThat(inputs().map(j -> expected(j))).contains("refused");
    assertThat(inputs().map(j -> outcome(j, false))).contains((Object) null);
    assertThat(inputs().filter(j -> expected(j) instanceof Map)).hasSizeGreaterThan(5);
  }

  /** The parsed map (with value types), null, or "refused". */
  private static Object outcome(String json, boolean ours) {
    try {
      return ours ? JsonObjects.parse(json) : JSONObjectUtils.parse(json);
    } catch (ParseException | JsonObjects.MalformedJson e) {
      return "refused";
    }
  }
}
