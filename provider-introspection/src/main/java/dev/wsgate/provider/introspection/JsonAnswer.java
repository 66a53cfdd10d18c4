package dev.wsgate.provider.introspection;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an introspection answer, a JSON object, into maps, lists, strings, numbers ({@code Long},
 * {@code BigInteger} or {@code Double}), booleans and nulls. Strict: one object and nothing after
 * it, duplicate names refused (an answer with two {@code active} members is not trusted), nesting
 * bounded.
 */
final class JsonAnswer {
  private static final int MAX_NESTING = 32;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
          .build();

  private JsonAnswer() {}

  /**
   * The object {@code json} holds.
   *
   * @throws IOException when {@code json} is not exactly one JSON object
   */
  static Map<String, Object> parse(byte[] json) throws IOException {
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("the answer is not a JSON object");
      }
      Map<String, Object> object = object(p);
      if (p.nextToken() != null) {
        throw new IOException("the answer has data after its JSON object");
      }
      return object;
    }
  }

  private static Map<String, Object> object(JsonParser p) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String name = p.currentName();
      p.nextToken();
      out.put(name, value(p));
    }
    return Collections.unmodifiableMap(out);
  }

  private static Object value(JsonParser p) throws IOException {
    switch (p.currentToken()) {
      case START_OBJECT:
        return object(p);
      case START_ARRAY:
        List<Object> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(value(p));
        }
        return Collections.unmodifiableList(list);
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        Number n = p.getNumberValue();
        return n instanceof Integer ? Long.valueOf(n.longValue()) : n;
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IOException("unexpected JSON token " + p.currentToken());
    }
  }
}
