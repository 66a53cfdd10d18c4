package dev.wsgate.gate;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code Sec-WebSocket-Protocol} offer of a request, split into token entries ({@code
 * <prefix>…} and {@code base64url.<prefix>…}) and application protocols, in the client's order.
 *
 * @param tokenEntries entries that carry a token (never echoed)
 * @param applicationProtocols the other entries
 */
record Subprotocols(List<String> tokenEntries, List<String> applicationProtocols) {
  static final String DEFAULT_PREFIX = "bearer.";
  static final String BASE64URL = "base64url.";
  private static final String SEPARATORS = "()<>@,;:\\\"/[]?={} \t";

  /**
   * Parses every {@code Sec-WebSocket-Protocol} header of the request.
   *
   * @throws AuthenticationException {@code BAD_REQUEST} when an application entry is not an RFC
   *     6455 token; token entries are kept as offered
   */
  static Subprotocols parse(Headers headers, String prefix) throws AuthenticationException {
    List<String> tokens = new ArrayList<>();
    List<String> apps = new ArrayList<>();
    for (String header : headers.all("Sec-WebSocket-Protocol")) {
      for (String raw : header.split(",", -1)) {
        String entry = raw.trim();
        // token entries are checked by SubprotocolExtractor, which can say what is wrong with them
        if (entry.startsWith(prefix) || entry.startsWith(BASE64URL + prefix)) {
          tokens.add(entry);
        } else {
          requireToken(entry);
          apps.add(entry);
        }
      }
    }
    return new Subprotocols(List.copyOf(tokens), List.copyOf(apps));
  }

  boolean isEmpty() {
    return tokenEntries.isEmpty() && applicationProtocols.isEmpty();
  }

  /**
   * Checks that an entry is an RFC 6455 subprotocol token.
   *
   * @throws AuthenticationException {@code BAD_REQUEST} when it is not
   */
  static void requireToken(String entry) throws AuthenticationException {
    if (!isToken(entry)) {
      throw new AuthenticationException(
          Failure.BAD_REQUEST, "malformed Sec-WebSocket-Protocol header");
    }
  }

  private static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f || SEPARATORS.indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }
}
