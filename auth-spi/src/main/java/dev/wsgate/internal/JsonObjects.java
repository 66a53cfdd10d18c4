package dev.wsgate.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * wsgate's one JSON reader, for the small objects it reads itself: token headers and claims ({@code
 * hmac}), its own protocol frames and stored ticket grants. An RFC 8259 object is read as
 * nimbus-jose-jwt's {@code JSONObjectUtils.parse} reads it, so that claims read here carry the same
 * types as those the nimbus-based providers return: strings, numbers as {@code Long} when they fit
 * and a finite {@code Double} otherwise, booleans, null, objects as insertion-ordered maps, arrays
 * as lists. Refused as nimbus refuses them: a name repeated in the outer object (a frame with two
 * tokens is ambiguous; inside, the last value wins), trailing text, more than {@value
 * #NESTING_LIMIT} containers open at once and every lenient form (comments, unquoted names, single
 * quotes, trailing commas, NaN). Unlike nimbus, the literal {@code null} and an empty text are no
 * object and refused. provider-hmac's {@code JsonParityTest} holds it to nimbus on hostile and
 * random inputs, so a nimbus upgrade that changes a rule fails the build. Its own rather than
 * nimbus's bundled Gson, whose reflective adapters cost several times as much per token. Not API.
 */
public final class JsonObjects {
  /** Gson's nesting limit, which nimbus keeps: containers open at once, the outer one too. */
  static final int NESTING_LIMIT = 255;

  private final String s;
  private int i;

  private JsonObjects(String s) {
    this.s = s;
  }

  /** Why a text is not one JSON object. */
  public static final class MalformedJson extends Exception {
    MalformedJson(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The members of the JSON object {@code json}.
   *
   * @throws MalformedJson when {@code json} is not one JSON object
   */
  public static Map<String, Object> parse(String json) throws MalformedJson {
    JsonObjects p = new JsonObjects(json);
    if (p.at('\ufeff')) {
      p.i++; // nimbus's Gson skips a byte order mark at the very start
    }
    p.skipWhitespace();
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

  private static MalformedJson invalid() {
    return new MalformedJson("not one JSON object");
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

  private void expect(char c) throws MalformedJson {
    skipWhitespace();
    if (!at(c)) {
      throw invalid();
    }
    i++;
  }

  /** At '{'. */
  private Map<String, Object> object(int depth) throws MalformedJson {
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
  private List<Object> array(int depth) throws MalformedJson {
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
  private Object value(int depth) throws MalformedJson {
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

  private Object literal(String word, Object value) throws MalformedJson {
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
  private Object number() throws MalformedJson {
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
  private String string() throws MalformedJson {
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
  private char escaped() throws MalformedJson {
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
          int digit = HexDigit.of(s.charAt(i + k));
          if (digit < 0) {
            throw invalid();
          }
          code = code * 16 + digit;
        }
        i += 4;
        return (char) code;
      default:
        throw invalid();
    }
  }
}
