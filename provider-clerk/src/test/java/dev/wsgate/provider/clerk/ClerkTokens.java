package dev.wsgate.provider.clerk;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test fixture: RSA keys, their PEM and JWKS forms, and tokens shaped like Clerk session tokens,
 * signed with the JDK (not with the SDK's JWT library, so the SDK is checked by something it does
 * not share code with).
 */
final class ClerkTokens {
  static final String ISSUER = "https://happy-otter-42.clerk.accounts.dev";
  static final String APP = "https://app.example.com";
  static final String KID_A = "ins_2aTestKeyA";
  static final String KID_B = "ins_2aTestKeyB";
  static final KeyPair KEY_A = generate();
  static final KeyPair KEY_B = generate();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private ClerkTokens() {}

  static KeyPair generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The key as Clerk's dashboard shows it ("PEM public key"). */
  static String pem(KeyPair key) {
    return ClerkPem.pem(key.getPublic().getEncoded());
  }

  /** A JWKS document as {@code GET /v1/jwks} returns it. */
  static String jwks(Map<String, KeyPair> keysByKid) {
    List<Map<String, Object>> keys = new ArrayList<>();
    keysByKid.forEach(
        (kid, pair) -> {
          RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
          Map<String, Object> jwk = new LinkedHashMap<>();
          jwk.put("use", "sig");
          jwk.put("kty", "RSA");
          jwk.put("kid", kid);
          jwk.put("alg", "RS256");
          jwk.put("n", unsigned(pub.getModulus()));
          jwk.put("e", unsigned(pub.getPublicExponent()));
          keys.add(jwk);
        });
    return write(Map.of("keys", keys));
  }

  private static String unsigned(BigInteger v) {
    byte[] b = v.toByteArray();
    if (b.length > 1 && b[0] == 0) {
      b = java.util.Arrays.copyOfRange(b, 1, b.length);
    }
    return B64.encodeToString(b);
  }

  /** Claims of a Clerk v2 session token for {@code sub}, valid from {@code iat} for 60 s. */
  static Map<String, Object> session(String sub, Instant iat) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("azp", APP);
    c.put("exp", iat.getEpochSecond() + 60);
    c.put("fva", List.of(3, -1));
    c.put("iat", iat.getEpochSecond());
    c.put("iss", ISSUER);
    c.put("nbf", iat.getEpochSecond() - 10);
    c.put("sid", "sess_2bQ8yTestSession");
    c.put("sts", "active");
    c.put("sub", sub);
    c.put("v", 2);
    return c;
  }

  /** Signs {@code claims} as {@code RS256} with {@code kid}. */
  static String sign(KeyPair key, String kid, Map<String, Object> claims) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "RS256");
    header.put("cat", "cl_B7d4PD111AAA");
    header.put("kid", kid);
    header.put("typ", "JWT");
    return sign(key, header, claims);
  }

  static String sign(KeyPair key, Map<String, Object> header, Map<String, Object> claims) {
    String input = b64(write(header)) + "." + b64(write(claims));
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key.getPrivate());
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + B64.encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String b64(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
