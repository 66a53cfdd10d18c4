package dev.wsgate.provider.firebase;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Mints Firebase-shaped ID tokens signed with a {@link TestKey}. */
final class IdTokens {
  private IdTokens() {}

  /** The claims of a genuine Firebase ID token for {@code project}. */
  static Map<String, Object> claims(String project, String uid, Instant iat, Instant exp) {
    Map<String, Object> firebase = new LinkedHashMap<>();
    firebase.put("identities", Map.of("email", List.of(uid + "@example.com")));
    firebase.put("sign_in_provider", "password");
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("iss", "https://securetoken.google.com/" + project);
    c.put("aud", project);
    c.put("auth_time", iat.getEpochSecond());
    c.put("user_id", uid);
    c.put("sub", uid);
    c.put("iat", iat.getEpochSecond());
    c.put("exp", exp.getEpochSecond());
    c.put("email", uid + "@example.com");
    c.put("email_verified", true);
    c.put("firebase", firebase);
    return c;
  }

  /** An RS256 token with {@code key}'s kid. */
  static String sign(TestKey key, Map<String, Object> claims) {
    return sign(key, key.kid, claims);
  }

  /** An RS256 token signed by {@code key} whose header names {@code kid}. */
  static String sign(TestKey key, String kid, Map<String, Object> claims) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "RS256");
    header.put("kid", kid);
    header.put("typ", "JWT");
    String input = b64(json(header)) + "." + b64(json(claims));
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key.privateKey);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A token with an arbitrary header and an empty signature part replaced by {@code sig}. */
  static String unsigned(Map<String, Object> header, Map<String, Object> claims, String sig) {
    return b64(json(header)) + "." + b64(json(claims)) + "." + sig;
  }

  static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String json(Object v) {
    if (v == null) {
      return "null";
    } else if (v instanceof String) {
      return "\""
          + ((String) v).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
          + "\"";
    } else if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    } else if (v instanceof Map) {
      StringBuilder sb = new StringBuilder("{");
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (sb.length() > 1) {
          sb.append(',');
        }
        sb.append(json(e.getKey().toString())).append(':').append(json(e.getValue()));
      }
      return sb.append('}').toString();
    } else if (v instanceof List) {
      StringBuilder sb = new StringBuilder("[");
      for (Object e : (List<?>) v) {
        if (sb.length() > 1) {
          sb.append(',');
        }
        sb.append(json(e));
      }
      return sb.append(']').toString();
    }
    throw new IllegalArgumentException("not JSON: " + v.getClass());
  }
}
