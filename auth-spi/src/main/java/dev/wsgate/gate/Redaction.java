package dev.wsgate.gate;

import dev.wsgate.internal.Digests;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Makes request data safe to log: tokens are replaced by {@code [REDACTED]} or a fingerprint, and
 * control characters by {@code ?}. Stateless and thread-safe; no method throws.
 */
public final class Redaction {
  /** What replaces a redacted value. */
  public static final String REDACTED = "[REDACTED]";

  private static final Set<String> SECRET_HEADERS =
      Set.of("authorization", "cookie", "sec-websocket-protocol", "proxy-authorization");

  private Redaction() {}

  /**
   * The first 8 hex digits of the token's SHA-256: enough to correlate log lines, useless to forge.
   * Empty for an empty token.
   */
  public static String fingerprint(String token) {
    if (token == null || token.isEmpty()) {
      return "";
    }
    byte[] digest = Digests.sha256().digest(token.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest, 0, 4);
  }

  /**
   * A request target with every query value replaced: {@code /ws?token=abc&v=1} becomes {@code
   * /ws?token=[REDACTED]&v=[REDACTED]}. Parameter names are kept; an item without {@code =} is
   * redacted whole, since it may be a bare token; a fragment is dropped.
   */
  public static String requestTarget(String target) {
    if (target == null) {
      return "";
    }
    int hash = target.indexOf('#');
    String t = hash < 0 ? target : target.substring(0, hash);
    int q = t.indexOf('?');
    if (q < 0) {
      return printable(t);
    }
    StringBuilder out = new StringBuilder(q + 32).append(printable(t.substring(0, q))).append('?');
    for (int from = q + 1; ; ) {
      int amp = t.indexOf('&', from);
      int end = amp < 0 ? t.length() : amp;
      int eq = t.indexOf('=', from);
      if (eq >= 0 && eq < end) {
        out.append(printable(t.substring(from, eq))).append('=').append(REDACTED);
      } else if (end > from) {
        // a value without a name ("?eyJhbGci…") may be a token as well
        out.append(REDACTED);
      }
      if (amp < 0) {
        return out.toString();
      }
      out.append('&');
      from = amp + 1;
    }
  }

  /** A header value as it may be logged: redacted for headers that can carry credentials. */
  public static String headerValue(String name, String value) {
    if (name != null && SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
      return REDACTED;
    }
    return printable(value == null ? "" : value);
  }

  /** Replaces control characters so a logged value cannot forge log lines; caps the length. */
  public static String printable(String value) {
    int clean = 0;
    while (clean < value.length()
        && clean < 256
        && value.charAt(clean) >= 0x20
        && value.charAt(clean) != 0x7f) {
      clean++;
    }
    if (clean == value.length()) {
      return value; // the usual case: nothing to replace or cut
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), 256));
    for (int i = 0; i < value.length() && i < 256; i++) {
      char c = value.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    if (value.length() > 256) {
      out.append("…");
    }
    return out.toString();
  }
}
