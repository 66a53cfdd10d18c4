package dev.wsgate.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class JsonObjectsTest {
  @Test
  void parse_everyKindOfValue_read() throws Exception {
    Map<String, Object> o =
        JsonObjects.parse(
            "{\"s\":\"x\\n\\\"\",\"n\":-1.5e3,\"t\":true,\"f\":false,\"z\":null,"
                + "\"a\":[1,{\"b\":[]}],\"o\":{}}");

    assertThat(o)
        .containsEntry("s", "x\n\"")
        .containsEntry("n", -1500.0)
        .containsEntry("t", true)
        .containsEntry("f", false)
        .containsEntry("z", null)
        .containsEntry("o", Map.of());
    assertThat((List<?>) o.get("a")).hasSize(2);
  }

  @Test
  void parse_malformed_refused() {
    for (String bad :
        new String[] {
          "",
          "[]",
          "{",
          "{\"a\"}",
          "{\"a\":1,}",
          "{\"a\":01}",
          "{\"a\":\"x}",
          "{} x",
          "{\"a\":tru}",
          "{\"a\":1,\"a\":2}",
          "{\"a\":\"\u0001\"}",
          "{\"a\":\"\\x\"}",
          "{\"a\":1.}"
        }) {
      assertThatThrownBy(() -> JsonObjects.parse(bad))
          .as(bad)
          .isInstanceOf(JsonObjects.MalformedJson.class);
    }
  }

  @Test
  void parse_deepNesting_refusedWithoutStackOverflow() {
    String deep = "{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";

    assertThatThrownBy(() -> JsonObjects.parse(deep)).isInstanceOf(JsonObjects.MalformedJson.class);
  }
}
