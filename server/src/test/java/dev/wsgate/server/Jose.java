package dev.wsgate.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hand-made compact JWS tokens, byte for byte: headers and payloads are written as JSON text so
 * that tests can send what no library would produce (duplicate keys, {@code alg: nOnE}, bad JSON).
 */
final class Jose {
  private Jose() {}

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String b64(String text) {
    return b64(text.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code {"sub":…,"iat":now,"exp":now+seconds}}. */
  static String claims(String subject, long seconds) {
    long now = Instant.now().getEpochSecond();
    return "{\"sub\":\"" + subject + "\",\"iat\":" + now + ",\"exp\":" + (now + seconds) + "}";
  }

  static String signingInput(String header, String payload) {
    return b64(header) + "." + b64(payload);
  }

  static String hs256(String header, String payload, byte[] key) {
    String input = signingInput(header, payload);
    return input + "." + b64(hmac(key, input));
  }

  static byte[] hmac(byte[] key, String input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String rs256(String header, String payload, PrivateKey key) {
    return signed(header, payload, key, "SHA256withRSA");
  }

  /** ES256 with the JOSE signature format (r and s, 32 bytes each). */
  static String es256(String header, String payload, PrivateKey key) {
    return signed(header, payload, key, "SHA256withECDSAinP1363Format");
  }

  private static String signed(String header, String payload, PrivateKey key, String algorithm) {
    String input = signingInput(header, payload);
    try {
      Signature s = Signature.getInstance(algorithm);
      s.initSign(key);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + b64(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
