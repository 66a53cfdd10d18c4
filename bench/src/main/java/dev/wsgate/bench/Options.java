package dev.wsgate.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** {@code --key value} arguments and the median, shared by the after-start tools. */
final class Options {
  /** The team harness's default secret, so its tokens and ours are interchangeable. */
  static final String HARNESS_SECRET = "perf-harness-secret-0123456789abcdef-0123456789";

  private Options() {}

  static Map<String, String> parse(String[] args) {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --key value pairs, got '" + args[i] + "'");
      }
      opts.put(args[i].substring(2), args[++i]);
    }
    return opts;
  }

  /** The median of the values that are numbers; NaN when none is. */
  static double median(double[] values) {
    double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
