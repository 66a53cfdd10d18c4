package dev.wsgate.provider.hmac;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import dev.wsgate.internal.JsonObjects;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature layer: checks that a compact JWS carries one of the allowed HMAC algorithms and a
 * correct MAC under the secret, and returns its payload. Claims are not looked at here.
 *
 * <p>Stricter than a bare {@code JWSObject.parse}: the header is read as JSON first, so that {@code
 * none} in any spelling, asymmetric algorithms, {@code crit}, {@code b64} and the JSON
 * serialization are refused with a precise failure; every part must be canonical unpadded base64url
 * (RFC 7515 section 2), because a lenient decoder would accept one token written several ways.
 * Key-bearing headers ({@code jku}, {@code x5u}, {@code jwk}, {@code x5c}) are never used: the key
 * is the configured secret, though nimbus's header rules still apply (a secret {@code jwk} is
 * refused).
 *
 * <p>One pass: each part is decoded once (after the canonical check, so the JDK's decoder sees only
 * canonical input), the header JSON is parsed once and handed to nimbus's {@link JWSHeader} rules,
 * and the MAC is computed by a JDK {@link Mac} kept per thread (creating one costs more than
 * computing an HS256 over a token).
 */
final class HmacSignature {
  /** nimbus's limit on a JWS header (Header.MAX_HEADER_STRING_LENGTH), kept as it was. */
  private static final int MAX_HEADER_CHARS = 20_000;

  /** Latin-1 code → its base64url value, or -1 outside the alphabet. */
  private static final byte[] SEXTETS = sextets();

  private static final Map<String, String> JCA_NAMES =
      Map.of("HS256", "HmacSHA256", "HS384", "HmacSHA384", "HS512", "HmacSHA512");

  /** alg → this thread's initialised Mac; only the allowed algorithms are keys. */
  private final Map<String, ThreadLocal<Mac>> macs;

  private final List<String> sortedAlgorithms;

  HmacSignature(byte[] secret, List<String> algorithms) {
    Map<String, ThreadLocal<Mac>> byAlgorithm = new HashMap<>();
    for (String alg : algorithms) {
      String jca = JCA_NAMES.get(alg);
      if (jca == null || secret.length < HmacSettings.MIN_KEY_BYTES.get(alg)) {
        // HmacSettings enforces both, so this is a programming error.
        throw new IllegalArgumentException("the HMAC secret is not usable for " + alg);
      }
      SecretKeySpec key = new SecretKeySpec(secret, jca);
      newMac(key); // fail now, not on the first token, if the JDK lacks the algorithm
      byAlgorithm.put(alg, ThreadLocal.withInitial(() -> newMac(key)));
    }
    this.macs = Map.copyOf(byAlgorithm);
    this.sortedAlgorithms = algorithms.stream().distinct().sorted().toList();
  }

  private static Mac newMac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance(key.getAlgorithm());
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot compute " + key.getAlgorithm(), e);
    }
  }

  /**
   * Verifies the MAC and returns the payload decoded as UTF-8; every rejection names a precise
   * {@link Failure}.
   */
  String verify(String compact) throws AuthenticationException {
    int first = compact.indexOf('.');
    int second = first < 0 ? -1 : compact.indexOf('.', first + 1);
    int dots = second < 0 ? (first < 0 ? 0 : 1) : 2 + count(compact, second + 1);
    if (dots == 4) {
      throw new AuthenticationException(
          Failure.MALFORMED_TOKEN, "encrypted tokens (JWE) are not accepted");
    }
    if (dots != 2 || first == 0 || second == first + 1) {
      throw new AuthenticationException(
          Failure.MALFORMED_TOKEN, "expected a compact JWS: header.payload.signature");
    }
    // A character outside Latin-1 becomes one '?' byte (a surrogate pair too, which shifts later
    // byte positions by one): bytes before it keep their positions, and every range checked below
    // that reaches it fails the canonical check, as the character itself did before.
    byte[] ascii = compact.getBytes(StandardCharsets.ISO_8859_1);
    int n = ascii.length;
    if (!isCanonical(ascii, 0, first) || !isCanonical(ascii, first + 1, second)) {
      throw new AuthenticationException(
          Failure.MALFORMED_TOKEN, "the token header or payload is not canonical base64url");
    }
    String headerJson = decodeToString(ascii, 0, first);
    Map<String, Object> header = parseHeader(headerJson);
    Mac mac = macFor(header);
    if (second + 1 == n || !isCanonical(ascii, second + 1, n)) {
      throw new AuthenticationException(
          Failure.INVALID_SIGNATURE, "the signature is missing or not canonical base64url");
    }
    checkWithNimbusRules(header, headerJson, compact.substring(0, first));
    mac.update(ascii, 0, second);
    byte[] expected = mac.doFinal();
    if (!MessageDigest.isEqual(expected, decode(ascii, second + 1, n))) {
      throw new AuthenticationException(Failure.INVALID_SIGNATURE, "the signature is invalid");
    }
    return decodeToString(ascii, first + 1, second);
  }

  private static int count(String s, int from) {
    int dots = 0;
    for (int i = s.indexOf('.', from); i >= 0; i = s.indexOf('.', i + 1)) {
      dots++;
    }
    return dots;
  }

  private static byte[] decode(byte[] ascii, int from, int to) {
    ByteBuffer decoded = Base64.getUrlDecoder().decode(ByteBuffer.wrap(ascii, from, to - from));
    if (decoded.arrayOffset() == 0
        && decoded.position() == 0
        && decoded.remaining() == decoded.array().length) {
      return decoded.array();
    }
    byte[] copy = new byte[decoded.remaining()];
    decoded.get(copy);
    return copy;
  }

  private static String decodeToString(byte[] ascii, int from, int to) {
    return new String(decode(ascii, from, to), StandardCharsets.UTF_8);
  }

  private static Map<String, Object> parseHeader(String json) throws AuthenticationException {
    try {
      return JsonObjects.parse(json);
    } catch (JsonObjects.MalformedJson e) {
      throw new AuthenticationException(
          Failure.MALFORMED_TOKEN, "the token header is not a JSON object");
    }
  }

  /** The allowlist and the header parameters this provider refuses; returns the thread's Mac. */
  private Mac macFor(Map<String, Object> header) throws AuthenticationException {
    Object alg = header.get("alg");
    ThreadLocal<Mac> mac = alg instanceof String ? macs.get(alg) : null;
    if (mac == null) {
      throw new AuthenticationException(
          Failure.UNSUPPORTED_ALGORITHM, "the token algorithm is not one of " + sortedAlgorithms);
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
    return mac.get();
  }

  /**
   * nimbus's JWS header rules on the already parsed header (types of typ, kid, cty, x5u …; a {@code
   * jwk} must be a public key), and its size limit: what {@code JWSObject.parse} refused before the
   * MAC is still refused, with the same failure.
   */
  private static void checkWithNimbusRules(
      Map<String, Object> header, String headerJson, String encodedHeader)
      throws AuthenticationException {
    try {
      if (headerJson.length() > MAX_HEADER_CHARS) {
        throw new ParseException("header too long", 0);
      }
      JWSHeader.parse(header, new Base64URL(encodedHeader));
    } catch (ParseException e) {
      throw new AuthenticationException(Failure.MALFORMED_TOKEN, "the token header is malformed");
    }
  }

  /**
   * Whether {@code base64url} is unpadded base64url that decodes and re-encodes to itself (RFC 7515
   * section 2, one value has one spelling): only the URL-safe alphabet, no length of 4n+1, and the
   * unused low bits of the last character zero. Checked in one pass, without decoding.
   */
  static boolean isCanonical(String base64url) {
    byte[] bytes = base64url.getBytes(StandardCharsets.ISO_8859_1);
    return isCanonical(bytes, 0, bytes.length);
  }

  /** {@link #isCanonical(String)} of the Latin-1 bytes {@code from} to {@code to}. */
  static boolean isCanonical(byte[] latin1, int from, int to) {
    int n = to - from;
    if (n % 4 == 1) {
      return false;
    }
    int last = 0;
    for (int i = from; i < to; i++) {
      last = SEXTETS[latin1[i] & 0xff];
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

  private static byte[] sextets() {
    byte[] table = new byte[256];
    Arrays.fill(table, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) {
      table[alphabet.charAt(i)] = (byte) i;
    }
    return table;
  }
}
