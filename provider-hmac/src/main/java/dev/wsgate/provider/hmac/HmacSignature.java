package dev.wsgate.provider.hmac;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The signature layer: checks that a compact JWS carries one of the allowed HMAC algorithms and a
 * correct MAC under the secret, and returns its payload. Claims are not looked at here. Parsing,
 * the header rules and the MAC are nimbus-jose-jwt's ({@link JWSObject}, one {@link MACVerifier}
 * for the secret, made once).
 *
 * <p>Stricter than a bare {@code JWSObject.parse}: the header is read as JSON before nimbus sees
 * it, so that {@code none} in any spelling, asymmetric algorithms, {@code crit}, {@code b64} and
 * the JSON serialization are refused with a precise failure; every part must be canonical unpadded
 * base64url (RFC 7515 section 2), because a lenient decoder would accept one token written several
 * ways. Key-bearing headers ({@code jku}, {@code x5u}, {@code jwk}, {@code x5c}) are never used:
 * the key is the configured secret.
 */
final class HmacSignature {
  private final Set<String> algorithms;
  private final MACVerifier verifier;

  HmacSignature(byte[] secret, List<String> algorithms) {
    this.algorithms = Set.copyOf(algorithms);
    try {
      this.verifier = new MACVerifier(secret);
    } catch (JOSEException e) {
      // HmacSettings enforces the key length, so this is a programming error.
      throw new IllegalArgumentException("the HMAC secret is not usable: " + e.getClass());
    }
  }

  /** Verifies the MAC and returns the payload; every rejection names a precise {@link Failure}. */
  Payload verify(String compact) throws AuthenticationException {
    String[] parts = compact.split("\\.", -1);
    if (parts.length == 5) {
      throw new AuthenticationException(
          Failure.MALFORMED_TOKEN, "encrypted tokens (JWE) are not accepted");
    }
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new AuthenticationException(
          Failure.MALFORMED_TOKEN, "expected a compact JWS: header.payload.signature");
    }
    if (!isCanonical(parts[0]) || !isCanonical(parts[1])) {
      throw new AuthenticationException(
          Failure.MALFORMED_TOKEN, "the token header or payload is not canonical base64url");
    }
    checkHeader(parts[0]);
    if (parts[2].isEmpty() || !isCanonical(parts[2])) {
      throw new AuthenticationException(
          Failure.INVALID_SIGNATURE, "the signature is missing or not canonical base64url");
    }
    JWSObject jws;
    try {
      jws = JWSObject.parse(compact);
    } catch (ParseException e) {
      throw new AuthenticationException(Failure.MALFORMED_TOKEN, "the token header is malformed");
    }
    boolean valid;
    try {
      valid = jws.verify(verifier);
    } catch (JOSEException | IllegalStateException e) {
      valid = false;
    }
    if (!valid) {
      throw new AuthenticationException(Failure.INVALID_SIGNATURE, "the signature is invalid");
    }
    return jws.getPayload();
  }

  private void checkHeader(String encodedHeader) throws AuthenticationException {
    Map<String, Object> header;
    try {
      header =
          JSONObjectUtils.parse(
              new String(new Base64URL(encodedHeader).decode(), StandardCharsets.UTF_8));
    } catch (ParseException | RuntimeException e) {
      header = null;
    }
    if (header == null) {
      throw new AuthenticationException(
          Failure.MALFORMED_TOKEN, "the token header is not a JSON object");
    }
    Object alg = header.get("alg");
    if (!(alg instanceof String) || !algorithms.contains(alg)) {
      throw new AuthenticationException(
          Failure.UNSUPPORTED_ALGORITHM,
          "the token algorithm is not one of " + algorithms.stream().sorted().toList());
    }
    if (header.containsKey("enc")) {
      throw new AuthenticationException(
          Failure.MALFORMED_TOKEN, "encrypted tokens (JWE) are not accepted");
    }
    if (header.containsKey("crit")) {
      throw new AuthenticationException(
          Failure.MALFORMED_TOKEN, "critical header parameters are not supported");
    }
    if (header.containsKey("b64")) {
      throw new AuthenticationException(
          Failure.MALFORMED_TOKEN, "unencoded payloads (b64) are not accepted");
    }
  }

  /**
   * Whether {@code base64url} is unpadded base64url that decodes and re-encodes to itself (RFC 7515
   * section 2, one value has one spelling): only the URL-safe alphabet, no length of 4n+1, and the
   * unused low bits of the last character zero. Checked in one pass, without decoding.
   */
  static boolean isCanonical(String base64url) {
    int n = base64url.length();
    if (n % 4 == 1) {
      return false;
    }
    int last = 0;
    for (int i = 0; i < n; i++) {
      last = sextet(base64url.charAt(i));
      if (last < 0) {
        return false;
      }
    }
    switch (n % 4) {
      case 2:
        return (last & 0x0f) == 0;
      case 3:
        return (last & 0x03) == 0;
      default:
        return true;
    }
  }

  private static int sextet(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    if (c == '-') {
      return 62;
    }
    return c == '_' ? 63 : -1;
  }
}
