package dev.wsgate.gate;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code Authorization: Bearer <token>} (RFC 6750), for clients that are not browsers. */
final class HeaderExtractor implements TokenExtractor {
  private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

  @Override
  public String name() {
    return "header";
  }

  @Override
  public boolean browserCanSend() {
    return false;
  }

  @Override
  public Optional<String> extract(HandshakeRequest request) throws AuthenticationException {
    List<String> values = request.headers().all("Authorization");
    if (values.isEmpty()) {
      return Optional.empty();
    }
    if (values.size() > 1) {
      throw new AuthenticationException(
          Failure.AMBIGUOUS_TOKEN, "more than one Authorization header");
    }
    String value = values.get(0).trim();
    int space = value.indexOf(' ');
    if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
      return Optional.empty();
    }
    String token = value.substring(space + 1).trim();
    if (!B64TOKEN.matcher(token).matches()) {
      throw new AuthenticationException(
          Failure.BAD_REQUEST, "Authorization header is not 'Bearer <token>'");
    }
    return Optional.of(token);
  }

  @Override
  public String toString() {
    return "header(Authorization: Bearer)";
  }
}
