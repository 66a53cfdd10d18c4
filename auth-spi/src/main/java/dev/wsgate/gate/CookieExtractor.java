package dev.wsgate.gate;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import java.util.Optional;

/** A cookie, parsed from every {@code Cookie} header as RFC 6265 section 5.4 sends them. */
final class CookieExtractor implements TokenExtractor {
  private final String cookieName;

  CookieExtractor(String cookieName) {
    if (cookieName == null || cookieName.isBlank()) {
      throw new IllegalArgumentException("the cookie name must not be blank");
    }
    this.cookieName = cookieName;
  }

  @Override
  public String name() {
    return "cookie";
  }

  @Override
  public Optional<String> extract(HandshakeRequest request) throws AuthenticationException {
    String found = null;
    for (String header : request.headers().all("Cookie")) {
      for (String pair : header.split(";", -1)) {
        int eq = pair.indexOf('=');
        if (eq < 0 || !pair.substring(0, eq).trim().equals(cookieName)) {
          continue;
        }
        String value = unquote(pair.substring(eq + 1).trim());
        if (value.isEmpty()) {
          continue;
        }
        if (found != null && !found.equals(value)) {
          throw new AuthenticationException(
              Failure.AMBIGUOUS_TOKEN,
              "cookie '" + cookieName + "' is sent twice with different values");
        }
        found = value;
      }
    }
    return Optional.ofNullable(found);
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  @Override
  public String toString() {
    return "cookie(" + cookieName + ")";
  }
}
