package dev.wsgate.gate;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code iss} claim of a compact JWS without verifying it, only to choose the tenant
 * whose verifier will then verify the token (and its issuer) for real. Anything unusual — not three
 * parts, bad base64url, not a JSON object, {@code iss} missing, not a string, or present twice —
 * yields empty, so the request is refused rather than guessed at.
 *
 * <p>A small JSON scanner because auth-spi depends on nothing but the JDK: it walks the top-level
 * object, skips every other value (nested objects and arrays included) and decodes string escapes.
 */
final class UnverifiedIssuer {
  private final String json;
  private int pos;

  private UnverifiedIssuer(String json) {
    this.json = json;
  }

  static Optional<String> of(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
      return Optional.ofNullable(new UnverifiedIssuer(payload).issuer());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The single string {@code iss} member of the top-level object, or null. */
  private @Nullable String issuer() {
    String issuer = null;
    int seen = 0;
    expect('{');
    skipSpace();
    if (peek() == '}') {
      return null;
    }
    while (true) {
      String name = string();
      skipSpace();
      expect(':');
      skipSpace();
      if (name.equals("iss")) {
        seen++;
        issuer = peek() == '"' ? string() : null;
        if (issuer == null) {
          value();
        }
      } else {
        value();
      }
      skipSpace();
      char c = next();
      if (c == '}') {
        break;
      }
      if (c != ',') {
        throw new IllegalArgumentException("expected , or }");
      }
      skipSpace();
    }
    skipSpace();
    if (pos != json.length()) {
      throw new IllegalArgumentException("trailing data");
    }
    return seen == 1 ? issuer : null;
  }

  private void value() {
    char c = peek();
    if (c == '"') {
      string();
    } else if (c == '{' || c == '[') {
      container();
    } else {
      while (pos < json.length() && ",}] \t\r\n".indexOf(json.charAt(pos)) < 0) {
        pos++;
      }
    }
  }

  /** Skips a nested object or array, minding strings that contain brackets. */
  private void container() {
    int depth = 0;
    do {
      char c = peek();
      if (c == '"') {
        string();
        continue;
      }
      pos++;
      if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
    } while (depth > 0);
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw new IllegalArgumentException("control character in string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (pos + 4 > json.length()) {
            throw new IllegalArgumentException("short escape");
          }
          out.append((char) Integer.parseInt(json.substring(pos, pos + 4), 16));
          pos += 4;
        }
        default -> throw new IllegalArgumentException("bad escape");
      }
    }
  }

  private void skipSpace() {
    while (pos < json.length() && " \t\r\n".indexOf(json.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private void expect(char c) {
    if (next() != c) {
      throw new IllegalArgumentException("expected " + c);
    }
  }

  private char peek() {
    if (pos >= json.length()) {
      throw new IllegalArgumentException("unexpected end");
    }
    return json.charAt(pos);
  }

  private char next() {
    char c = peek();
    pos++;
    return c;
  }
}
