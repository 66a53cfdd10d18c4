package dev.wsgate.cluster.redis;

/**
 * The prefix every key and channel of one wsgate cluster starts with, so that several clusters (or
 * other applications) can share a Redis database. Parts are joined with {@code ':'}.
 *
 * @param value the prefix without its trailing separator, e.g. {@code wsgate}
 */
public record KeyPrefix(String value) {
  /** The prefix used when {@code wsgate.cluster.redis.key-prefix} is not set. */
  public static final String DEFAULT = "wsgate";

  /** Refuses an empty prefix and characters that would make keys hard to read or scan. */
  public KeyPrefix {
    if (value.isEmpty() || value.length() > 64) {
      throw new IllegalArgumentException("a key prefix has 1 to 64 characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || c == '.';
      if (!ok) {
        throw new IllegalArgumentException(
            "a key prefix uses letters, digits, '-', '_' and '.' only");
      }
    }
  }

  /** {@code prefix:part1:part2…}. */
  public String key(String... parts) {
    StringBuilder b = new StringBuilder(value);
    for (String p : parts) {
      b.append(':').append(p);
    }
    return b.toString();
  }
}
