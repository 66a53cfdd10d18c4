package dev.wsgate.cluster.redis;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Joins values into one key field or pub/sub message with {@code '|'}, each value URL-encoded so
 * that no subject or tenant can contain the separator.
 */
final class Fields {
  private Fields() {}

  static String join(String... values) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        b.append('|');
      }
      b.append(URLEncoder.encode(values[i], StandardCharsets.UTF_8));
    }
    return b.toString();
  }

  /**
   * The values of a joined text.
   *
   * @throws IllegalArgumentException when the text does not have {@code count} values
   */
  static List<String> split(String joined, int count) {
    String[] parts = joined.split("\\|", -1);
    if (parts.length != count) {
      throw new IllegalArgumentException("expected " + count + " fields");
    }
    String[] out = new String[count];
    for (int i = 0; i < count; i++) {
      out[i] = URLDecoder.decode(parts[i], StandardCharsets.UTF_8);
    }
    return List.of(out);
  }
}
