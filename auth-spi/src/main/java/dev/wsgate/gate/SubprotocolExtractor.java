package dev.wsgate.gate;

import dev.wsgate.internal.Base64Url;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A token offered as a subprotocol, the only place besides the URL and cookies where a browser's
 * {@code new WebSocket(url, protocols)} can put it.
 */
final class SubprotocolExtractor implements TokenExtractor {
  private final String prefix;

  SubprotocolExtractor(String prefix) {
    if (prefix == null || prefix.isBlank() || prefix.startsWith(Subprotocols.BASE64URL)) {
      throw new IllegalArgumentException(
          "the subprotocol prefix must be non-blank, such as bearer.");
    }
    this.prefix = prefix;
  }

  String prefix() {
    return prefix;
  }

  @Override
  public String name() {
    return "subprotocol";
  }

  @Override
  public Optional<String> extract(HandshakeRequest request) throws AuthenticationException {
    List<String> entries = Subprotocols.parse(request.headers(), prefix).tokenEntries();
    if (entries.isEmpty()) {
      return Optional.empty();
    }
    if (entries.size() > 1) {
      throw new AuthenticationException(
          Failure.AMBIGUOUS_TOKEN, "more than one token entry in Sec-WebSocket-Protocol");
    }
    String entry = entries.get(0);
    if (entry.startsWith(Subprotocols.BASE64URL + prefix)) {
      return Optional.of(
          decode(entry.substring(Subprotocols.BASE64URL.length() + prefix.length())));
    }
    Subprotocols.requireToken(entry);
    String token = entry.substring(prefix.length());
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }

  private static String decode(String encoded) throws AuthenticationException {
    if (encoded.isEmpty()) {
      throw new AuthenticationException(Failure.BAD_REQUEST, "empty base64url token entry");
    }
    if (encoded.indexOf('=') >= 0) {
      throw new AuthenticationException(
          Failure.BAD_REQUEST, "base64url token entry must be unpadded: remove the '=' padding");
    }
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (!Base64Url.isAlphabet(c)) {
        throw new AuthenticationException(
            Failure.BAD_REQUEST,
            c == '+' || c == '/'
                ? "base64url token entry must use the URL-safe alphabet ('-' and '_', not '+' and"
                    + " '/')"
                : "malformed Sec-WebSocket-Protocol header");
      }
    }
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(encoded);
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw new AuthenticationException(
          Failure.BAD_REQUEST, "base64url token entry is not valid unpadded base64url UTF-8");
    }
  }

  @Override
  public String toString() {
    return "subprotocol(" + prefix + ")";
  }
}
