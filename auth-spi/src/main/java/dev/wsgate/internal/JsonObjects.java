package dev.wsgate.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A strict RFC 8259 reader for the small JSON objects of wsgate's own protocol frames: objects,
 * arrays, strings, numbers (kept as their text), {@code true}, {@code false} and {@code null}.
 * Refuses duplicate member names (a frame with two tokens is ambiguous), trailing text and nesting
 * deeper than {@value #MAX_DEPTH}. Not API.
 */
public final class JsonObjects {
  static final int MAX_DEPTH = 16;

  private final String text;
  private int pos;

  private JsonObjects(String text) {
    this.text = text;
  }

  /** Why a text is not one JSON object. */
  public static final class MalformedJson extends Exception {
    MalformedJson(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The members of the JSON object {@code text}: strings as {@link String}, numbers as {@link
   * BigDecimal}, booleans as {@link Boolean}, {@code null} as null, objects and arrays as {@link
   * Map} and {@link List}.
   */
  public static Map<String, Object> parse(String text) throws MalformedJson {
    JsonObjects r = new JsonObjects(text);
    r.space();
    if (r.peek() != '{') {
      throw new MalformedJson("not a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> object = (Map<String, Object>) r.value(0);
    r.space();
    if (r.pos != text.length()) {
      throw new MalformedJson("text after the object");
    }
    return object;
  }

  /**
   * The {@code token} member of a wsgate frame {@code {"type":"<type>","token":"…"}}: empty when
   * {@code text} is not an object of that type, an empty string when its token is not a string.
   *
   * @throws MalformedJson when {@code text} mentions {@code type} in braces but is not JSON
   */
  public static Optional<String> tokenOfFrame(String text, String type) throws MalformedJson {
    String t = text.trim();
    if (!t.startsWith("{") || !t.contains(type)) {
      return Optional.empty();
    }
    Map<String, Object> json = parse(t);
    if (!type.equals(json.get("type"))) {
      return Optional.empty();
    }
    Object token = json.get("token");
    return Optional.of(token instanceof String ? (String) token : "");
  }

  private Object value(int depth) throws MalformedJson {
    if (depth > MAX_DEPTH) {
      throw new MalformedJson("nested too deep");
    }
    space();
    char c = peek();
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        return number();
    }
  }

  private Map<String, Object> object(int depth) throws MalformedJson {
    pos++; // {
    Map<String, Object> members = new HashMap<>();
    space();
    if (peek() == '}') {
      pos++;
      return members;
    }
    while (true) {
      space();
      if (peek() != '"') {
        throw new MalformedJson("expected a member name");
      }
      String name = string();
      space();
      expect(':');
      Object v = value(depth + 1);
      if (members.containsKey(name)) {
        throw new MalformedJson("duplicate member " + name);
      }
      members.put(name, v);
      space();
      if (peek() == ',') {
        pos++;
      } else {
        expect('}');
        return members;
      }
    }
  }

  private List<Object> array(int depth) throws MalformedJson {
    pos++; // [
    List<Object> items = new ArrayList<>();
    space();
    if (peek() == ']') {
      pos++;
      return items;
    }
    while (true) {
      items.add(value(depth + 1));
      space();
      if (peek() == ',') {
        pos++;
      } else {
        expect(']');
        return items;
      }
    }
  }

  private String string() throws MalformedJson {
    pos++; // "
    StringBuilder b = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw new MalformedJson("unterminated string");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        return b.toString();
      }
      if (c < 0x20) {
        throw new MalformedJson("control character in a string");
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (pos >= text.length()) {
        throw new MalformedJson("unterminated escape");
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '"':
        case '\\':
        case '/':
          b.append(e);
          break;
        case 'b':
          b.append('\b');
          break;
        case 'f':
          b.append('\f');
          break;
        case 'n':
          b.append('\n');
          break;
        case 'r':
          b.append('\r');
          break;
        case 't':
          b.append('\t');
          break;
        case 'u':
          if (pos + 4 > text.length()) {
            throw new MalformedJson("short unicode escape");
          }
          try {
            b.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          } catch (NumberFormatException x) {
            throw new MalformedJson("bad unicode escape");
          }
          pos += 4;
          break;
        default:
          throw new MalformedJson("bad escape");
      }
    }
  }

  private Object literal(String word, Object value) throws MalformedJson {
    if (!text.startsWith(word, pos)) {
      throw new MalformedJson("unexpected text");
    }
    pos += word.length();
    return value;
  }

  /** A number, checked against the RFC's grammar. */
  private BigDecimal number() throws MalformedJson {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (!digits()) {
      throw new MalformedJson("unexpected text");
    }
    if (peek() == '.') {
      pos++;
      if (!digits()) {
        throw new MalformedJson("bad number");
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!digits()) {
        throw new MalformedJson("bad number");
      }
    }
    return new BigDecimal(text.substring(start, pos));
  }

  private boolean digits() {
    int start = pos;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    return pos > start;
  }

  private void expect(char c) throws MalformedJson {
    if (peek() != c) {
      throw new MalformedJson("expected " + c);
    }
    pos++;
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void space() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }
}
