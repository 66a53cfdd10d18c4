package dev.wsgate.provider.clerk;

import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;

/**
 * PEM public keys, the only form in which keys are handed to the SDK ({@code jwtKey}). One
 * canonical encoding whether the key came from {@code jwt-key} or from the JWKS.
 */
final class ClerkPem {
  private ClerkPem() {}

  /** The PEM re-encoded from the parsed key, so the SDK always receives one exact format. */
  static Optional<String> canonical(String value) {
    String body =
        value
            .replace("\\n", "\n")
            .replace("-----BEGIN PUBLIC KEY-----", "")
            .replace("-----END PUBLIC KEY-----", "")
            .replaceAll("\\s", "");
    try {
      byte[] der = Base64.getDecoder().decode(body);
      RSAPublicKey key =
          (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
      if (key.getModulus().bitLength() < ClerkSettings.MIN_RSA_BITS) {
        return Optional.empty();
      }
      return Optional.of(pem(key.getEncoded()));
    } catch (java.security.GeneralSecurityException
        | IllegalArgumentException
        | ClassCastException e) {
      return Optional.empty();
    }
  }

  static String pem(byte[] subjectPublicKeyInfo) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(subjectPublicKeyInfo)
        + "\n-----END PUBLIC KEY-----";
  }
}
