package dev.wsgate.provider.clerk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wsgate.internal.Base64Url;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import java.io.IOException;
import java.util.Base64;
import java.util.List;

/**
 * The header of a Clerk session token, read before anything reaches the SDK.
 *
 * <p>This is the gate that keeps non-session tokens away from the SDK: {@code VerifyToken} sends
 * tokens starting {@code ak_}, {@code mt_} or {@code oat_} to Clerk's API. Only a compact JWS whose
 * header is a JSON object with {@code alg: RS256} (what Clerk signs session tokens with) passes.
 *
 * @param kid the key id; empty when the header has none
 */
record SessionTokenHeader(String kid) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> OPAQUE_PREFIXES = List.of("ak_", "mt_", "oat_");

  static SessionTokenHeader parse(String token) throws AuthenticationException {
    for (String prefix : OPAQUE_PREFIXES) {
      if (token.startsWith(prefix)) {
        throw new AuthenticationException(
            Failure.MALFORMED_TOKEN,
            "Clerk API keys, machine tokens and OAuth tokens are not accepted;"
                + " send a session token (Clerk.session.getToken())");
      }
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3
        || !isBase64Url(parts[0])
        || !isBase64Url(parts[1])
        || !isBase64Url(parts[2])) {
      throw malformed();
    }
    JsonNode header;
    try {
      header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
    } catch (IOException | IllegalArgumentException e) {
      throw malformed();
    }
    if (header == null || !header.isObject()) {
      throw malformed();
    }
    if (!header.path("alg").asText("").equals("RS256")) {
      throw new AuthenticationException(
          Failure.UNSUPPORTED_ALGORITHM, "Clerk session tokens are signed with RS256");
    }
    JsonNode kid = header.path("kid");
    return new SessionTokenHeader(kid.isTextual() ? kid.asText() : "");
  }

  private static boolean isBase64Url(String part) {
    if (part.isEmpty()) {
      return false;
    }
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (!Base64Url.isAlphabet(c)) {
        return false;
      }
    }
    return true;
  }

  private static AuthenticationException malformed() {
    return new AuthenticationException(
        Failure.MALFORMED_TOKEN, "not a Clerk session token (expected a signed JWT)");
  }
}
