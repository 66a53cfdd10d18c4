package dev.wsgate.provider.hmac;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a JSON object (RFC 8259) to what nimbus's {@code JSONObjectUtils.parse(String)} returns
 * for it, and refuses what it refuses: nimbus's shaded Gson in strict mode, numbers as {@code Long}
 * when they fit and {@code Double} otherwise (never infinite), objects as insertion-ordered maps,
 * arrays as lists, duplicate names refused, at most 255 nested objects and arrays, the literal
 * {@code null} alone read as null.
 *
 * <p>Written here rather than calling that Gson because the two header and payload parses of a
 * token cost 12% of a handshake's server CPU through Gson's reflective adapters (JFR, end to end);
 * this one reads the string once. {@code JsonObjectsTest} holds it to {@code JSONObjectUtils} on
 * hostile inputs and on seeded random ones, so a nimbus upgrade that changes a rule fails the
 * build.
 */
final class JsonObjects {
  /**
   * Gson's default nesting limit, which nimbus keeps: containers open at once, the outer one too.
   */
  static final int NESTING_LIMIT = 255;

  private final String s;
  private int i;

  private JsonObjects(String s) {
    this.s = s;
  }

  /**
   * The object {@code json} holds, or null for the JSON literal {@code null}.
   *
   * @throws ParseException when {@code json} is not one JSON object
   */
  static Map<String, Object> parse(String json) throws ParseException {
    if (json.trim().isEmpty()) {
      throw invalid();
    }
    JsonObjects p = new JsonObjects(json);
    if (p.at('\ufeff')) {
      p.i++; // Gson's reader skips a byte order mark at the very start
    }
    p.skipWhitespace();
    if (p.i == json.length() || p.keyword("null")) {
      // Gson reads an empty document (a byte order mark alone) as null, and does not look past a
      // null at the top
      return null;
    }
    if (!p.at('{')) {
      throw invalid();
    }
    Map<String, Object> object = p.object(1);
    p.skipWhitespace();
    if (p.i != json.length()) {
      throw invalid();
    }
    return object;
  }

  private static ParseException invalid() {
    return new ParseException("Invalid JSON object", 0);
  }

  private boolean at(char c) {
    return i < s.length() && s.charAt(i) == c;
  }

  private void skipWhitespace() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      i++;
    }
  }

  private void expect(char c) throws ParseException {
    skipWhitespace();
    if (!at(c)) {
      throw invalid();
    }
    i++;
  }

  /** At '{'. */
  private Map<String, Object> object(int depth) throws ParseException {
    if (depth > NESTING_LIMIT) {
      throw invalid();
    }
    i++;
    Map<String, Object> map = new LinkedHashMap<>();
    skipWhitespace();
    if (at('}')) {
      i++;
      return map;
    }
    while (true) {
      skipWhitespace();
      if (!at('"')) {
        throw invalid();
      }
      String name = string();
      expect(':');
      Object value = value(depth);
      // as Gson: a repeated name is refused in the outer object; inside, the last value wins
      if (depth == 1 && map.containsKey(name)) {
        throw invalid();
      }
      map.put(name, value);
      skipWhitespace();
      if (at(',')) {
        i++;
      } else if (at('}')) {
        i++;
        return map;
      } else {
        throw invalid();
      }
    }
  }

  /** At '['. */
  private List<Object> array(int depth) throws ParseException {
    if (depth > NESTING_LIMIT) {
      throw invalid();
    }
    i++;
    List<Object> list = new ArrayList<>();
    skipWhitespace();
    if (at(']')) {
      i++;
      return list;
    }
    while (true) {
      list.add(value(depth));
      skipWhitespace();
      if (at(',')) {
        i++;
      } else if (at(']')) {
        i++;
        return list;
      } else {
        throw invalid();
      }
    }
  }

  /** A value inside a container that is {@code depth} deep. */
  private Object value(int depth) throws ParseException {
    skipWhitespace();
    if (i == s.length()) {
      throw invalid();
    }
    char c = s.charAt(i);
    switch (c) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw invalid();
    }
  }

  private Object literal(String word, Object value) throws ParseException {
    if (!keyword(word)) {
      throw invalid();
    }
    return value;
  }

  /** Consumes {@code word} when it is next and not followed by more of a bare word. */
  private boolean keyword(String word) {
    int end = i + word.length();
    if (!s.startsWith(word, i) || (end < s.length() && continuesBareWord(s.charAt(end)))) {
      return false;
    }
    i = end;
    return true;
  }

  /**
   * Whether {@code c} would continue a bare word for Gson, which reads {@code truex} or {@code 1x}
   * as one unquoted string (refused in strict mode) rather than a literal and garbage; Gson refuses
   * {@code / \\ ; # =} there too (comment and lenient separators), so they count as continuing.
   */
  private static boolean continuesBareWord(char c) {
    switch (c) {
      case ' ', '\t', '\n', '\r', '\f', ',', ':', '{', '}', '[', ']', '"':
        return false;
      default:
        return true;
    }
  }

  /** {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}, as Long or finite Double. */
  private Object number() throws ParseException {
    int start = i;
    if (at('-')) {
      i++;
    }
    if (at('0')) {
      i++;
    } else if (digits() == 0) {
      throw invalid();
    }
    boolean integral = true;
    if (at('.')) {
      i++;
      integral = false;
      if (digits() == 0) {
        throw invalid();
      }
    }
    if (at('e') || at('E')) {
      i++;
      integral = false;
      if (at('+') || at('-')) {
        i++;
      }
      if (digits() == 0) {
        throw invalid();
      }
    }
    if (i < s.length() && continuesBareWord(s.charAt(i))) {
      throw invalid();
    }
    String text = s.substring(start, i);
    if (integral) {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException tooLarge) {
        // a Double, as below
      }
    }
    double d = Double.parseDouble(text);
    if (Double.isInfinite(d)) {
      throw invalid();
    }
    return d;
  }

  private int digits() {
    int start = i;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i - start;
  }

  /** At '"': the string's value; control characters must be escaped. */
  private String string() throws ParseException {
    int start = ++i;
    StringBuilder b = null;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"') {
        String plain = s.substring(start, i++);
        return b == null ? plain : b.append(plain).toString();
      }
      if (c < 0x20) {
        throw invalid();
      }
      if (c != '\\') {
        i++;
        continue;
      }
      if (b == null) {
        b = new StringBuilder();
      }
      b.append(s, start, i);
      b.append(escaped());
      start = i;
    }
    throw invalid();
  }

  /** At a backslash: the character it stands for. */
  private char escaped() throws ParseException {
    if (i + 1 >= s.length()) {
      throw invalid();
    }
    char e = s.charAt(i + 1);
    i += 2;
    switch (e) {
      case '"', '\\', '/':
        return e;
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u':
        if (i + 4 > s.length()) {
          throw invalid();
        }
        int code = 0;
        for (int k = 0; k < 4; k++) {
          code = code * 16 + hexDigit(s.charAt(i + k));
        }
        i += 4;
        return (char) code;
      default:
        throw invalid();
    }
  }

  /** ASCII hex only: {@link Character#digit} would also take other scripts' digits. */
  private static int hexDigit(char c) throws ParseException {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    throw invalid();
  }
}
