package dev.wsgate.gate;

import java.util.Optional;

/**
 * RFC 3492 Punycode for one label (without its {@code xn--} prefix): enough to tell whether an
 * {@code xn--} label is one a browser keeps as written.
 */
final class Punycode {
  private static final int BASE = 36;
  private static final int TMIN = 1;
  private static final int TMAX = 26;
  private static final int SKEW = 38;
  private static final int DAMP = 700;
  private static final int INITIAL_BIAS = 72;
  private static final int INITIAL_N = 128;

  private Punycode() {}

  /** The code points encoded by {@code label}, or empty when it is not valid Punycode. */
  static Optional<String> decode(String label) {
    int delimiter = label.lastIndexOf('-');
    StringBuilder out = new StringBuilder();
    for (int j = 0; j < Math.max(delimiter, 0); j++) {
      char c = label.charAt(j);
      if (c >= 0x80) {
        return Optional.empty();
      }
      out.append(c);
    }
    int[] output = out.codePoints().toArray();
    int length = output.length;
    int[] buffer = new int[label.length() + 1];
    System.arraycopy(output, 0, buffer, 0, length);
    long n = INITIAL_N;
    long i = 0;
    int bias = INITIAL_BIAS;
    int in = delimiter > 0 ? delimiter + 1 : 0;
    while (in < label.length()) {
      long oldi = i;
      long w = 1;
      for (int k = BASE; ; k += BASE) {
        if (in >= label.length()) {
          return Optional.empty();
        }
        int digit = digit(label.charAt(in++));
        if (digit < 0) {
          return Optional.empty();
        }
        i += digit * w;
        int t = threshold(k, bias);
        if (i > Integer.MAX_VALUE) {
          return Optional.empty();
        }
        if (digit < t) {
          break;
        }
        w *= BASE - t;
        if (w > Integer.MAX_VALUE) {
          return Optional.empty();
        }
      }
      bias = adapt(i - oldi, length + 1, oldi == 0);
      n += i / (length + 1);
      i %= length + 1;
      if (n > Character.MAX_CODE_POINT || (n >= 0xD800 && n <= 0xDFFF)) {
        return Optional.empty();
      }
      System.arraycopy(buffer, (int) i, buffer, (int) i + 1, length - (int) i);
      buffer[(int) i++] = (int) n;
      length++;
    }
    return Optional.of(new String(buffer, 0, length));
  }

  /** The Punycode of {@code label}'s code points. */
  static String encode(String label) {
    int[] input = label.codePoints().toArray();
    StringBuilder out = new StringBuilder();
    for (int c : input) {
      if (c < 0x80) {
        out.append((char) c);
      }
    }
    int basic = out.length();
    int handled = basic;
    if (basic > 0) {
      out.append('-');
    }
    int n = INITIAL_N;
    long delta = 0;
    int bias = INITIAL_BIAS;
    while (handled < input.length) {
      int m = Integer.MAX_VALUE;
      for (int c : input) {
        if (c >= n && c < m) {
          m = c;
        }
      }
      delta += (long) (m - n) * (handled + 1);
      n = m;
      for (int c : input) {
        if (c < n) {
          delta++;
        }
        if (c == n) {
          long q = delta;
          for (int k = BASE; ; k += BASE) {
            int t = threshold(k, bias);
            if (q < t) {
              break;
            }
            out.append(symbol((int) (t + (q - t) % (BASE - t))));
            q = (q - t) / (BASE - t);
          }
          out.append(symbol((int) q));
          bias = adapt(delta, handled + 1, handled == basic);
          delta = 0;
          handled++;
        }
      }
      delta++;
      n++;
    }
    return out.toString();
  }

  private static int threshold(int k, int bias) {
    return k <= bias ? TMIN : Math.min(k - bias, TMAX);
  }

  private static int adapt(long delta, int points, boolean first) {
    delta = first ? delta / DAMP : delta / 2;
    delta += delta / points;
    int k = 0;
    while (delta > ((BASE - TMIN) * TMAX) / 2) {
      delta /= BASE - TMIN;
      k += BASE;
    }
    return (int) (k + (BASE - TMIN + 1) * delta / (delta + SKEW));
  }

  private static int digit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0' + 26;
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a';
    }
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    return -1;
  }

  private static char symbol(int d) {
    return (char) (d < 26 ? 'a' + d : '0' + d - 26);
  }
}
