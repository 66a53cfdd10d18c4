package dev.wsgate.provider.hmac;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds compact JWS strings byte by byte, so that tests can write headers and claims no library
 * would produce. The MAC is computed with the JDK, independently of nimbus.
 */
final class TestJwts {
  static final String SECRET = "a-test-secret-of-at-least-32-bytes-for-hs256!";
  static final String ISSUER = "https://issuer.example.com";
  static final String AUDIENCE = "my-api";

  private TestJwts() {}

  static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code header.payload.mac} with an HMAC of the given JDK algorithm (HmacSHA256 …). */
  static String sign(String headerJson, String claimsJson, String secret, String jdkMac) {
    String input = b64(headerJson) + "." + b64(claimsJson);
    return input + "." + mac(input, secret, jdkMac);
  }

  static String hs256(String headerJson, String claimsJson) {
    return sign(headerJson, claimsJson, SECRET, "HmacSHA256");
  }

  static String mac(String signingInput, String secret, String jdkMac) {
    try {
      Mac mac = Mac.getInstance(jdkMac);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), jdkMac));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Standard claims valid at {@code nowEpoch} for ten minutes, plus {@code extra} JSON members. */
  static String claims(long nowEpoch, String extra) {
    return "{\"sub\":\"alice\",\"iss\":\""
        + ISSUER
        + "\",\"aud\":\""
        + AUDIENCE
        + "\",\"iat\":"
        + nowEpoch
        + ",\"exp\":"
        + (nowEpoch + 600)
        + (extra.isEmpty() ? "" : "," + extra)
        + "}";
  }
}
