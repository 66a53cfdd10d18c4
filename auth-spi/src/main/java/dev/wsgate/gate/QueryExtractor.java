package dev.wsgate.gate;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** {@code ?token=…}: form-decoded like {@code URLSearchParams} encodes it. */
final class QueryExtractor implements TokenExtractor {
  private final String parameter;

  QueryExtractor(String parameter) {
    if (parameter == null || parameter.isBlank()) {
      throw new IllegalArgumentException("the query parameter name must not be blank");
    }
    this.parameter = parameter;
  }

  @Override
  public String name() {
    return "query";
  }

  @Override
  public Optional<String> extract(HandshakeRequest request) throws AuthenticationException {
    String query = request.rawQuery();
    if (query.isEmpty()) {
      return Optional.empty();
    }
    String found = null;
    for (String pair : query.split("&", -1)) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      if (!name.equals(parameter)) {
        continue;
      }
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (value.isEmpty()) {
        continue;
      }
      if (found != null && !found.equals(value)) {
        throw new AuthenticationException(
            Failure.AMBIGUOUS_TOKEN,
            "query parameter '" + parameter + "' is given twice with different values");
      }
      found = value;
    }
    return Optional.ofNullable(found);
  }

  private static String decode(String s) throws AuthenticationException {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s; // nothing to decode: URLDecoder would copy it character by character
    }
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new AuthenticationException(Failure.BAD_REQUEST, "malformed percent-encoding in query");
    }
  }

  @Override
  public String toString() {
    return "query(" + parameter + ")";
  }
}
