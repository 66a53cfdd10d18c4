package dev.wsgate.provider.hmac;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The registered claims of a payload, read from the one parsed JSON object with nimbus's {@code
 * JWTClaimsSet.parse} type rules, and the claims map for {@link
 * dev.wsgate.spi.VerifiedToken#claims()} in the form {@code JWTClaimsSet.toJSONObject()} gave it.
 *
 * <p>Type rules (a violation is {@link #parse} returning null, a malformed claims set): {@code iss}
 * and {@code jti} strings; {@code sub} a string or a number (read as its string); {@code aud} a
 * string or an array of strings; {@code exp}, {@code nbf}, {@code iat} numbers, read as whole
 * seconds ({@code longValue}). The map is the parsed object itself, changed only where nimbus's
 * round trip changed it: a numeric {@code sub} becomes its string, a one-element {@code aud} array
 * its element, an empty one is dropped, a time claim becomes whole seconds as a {@code Long}.
 */
record HmacClaims(
    String issuer,
    String subject,
    List<String> audience,
    Instant expiresAt,
    Instant notBefore,
    Instant issuedAt,
    Map<String, Object> all) {

  /** The claims of {@code json}, or null when a registered claim has the wrong type. */
  static HmacClaims parse(Map<String, Object> json) {
    Object iss = json.get("iss");
    Object sub = json.get("sub");
    Object aud = json.get("aud");
    Object jti = json.get("jti");
    if (!isStringOrNull(iss) || !isStringOrNull(jti)) {
      return null;
    }
    if (sub instanceof Number) {
      sub = String.valueOf(sub);
      json.put("sub", sub);
    } else if (!isStringOrNull(sub)) {
      return null;
    }
    List<String> audience = audience(aud);
    if (audience == null) {
      return null;
    }
    if (aud instanceof List<?>) {
      if (audience.isEmpty()) {
        json.remove("aud");
      } else if (audience.size() == 1) {
        json.put("aud", audience.get(0));
      }
    }
    Instant exp;
    Instant nbf;
    Instant iat;
    try {
      exp = seconds(json, "exp");
      nbf = seconds(json, "nbf");
      iat = seconds(json, "iat");
    } catch (IllegalArgumentException e) {
      return null;
    }
    return new HmacClaims((String) iss, (String) sub, audience, exp, nbf, iat, json);
  }

  private static boolean isStringOrNull(Object value) {
    return value == null || value instanceof String;
  }

  /**
   * {@code aud} as a list: empty when absent, null when of the wrong type or when an array element
   * is not a string (nimbus let a JSON null element through, which then failed in {@code
   * VerifiedToken}'s builder as an internal error; here it is a malformed claims set).
   */
  private static List<String> audience(Object aud) {
    if (aud == null) {
      return List.of();
    }
    if (aud instanceof String s) {
      return List.of(s);
    }
    if (!(aud instanceof List<?> list)) {
      return null;
    }
    List<String> audience = new ArrayList<>(list.size());
    for (Object element : list) {
      if (!(element instanceof String s)) {
        return null;
      }
      audience.add(s);
    }
    return audience;
  }

  /**
   * An epoch-seconds claim as nimbus read it ({@code new Date(longValue * 1000)}, overflow
   * included), written back as whole seconds.
   *
   * @throws IllegalArgumentException when present and not a number
   */
  private static Instant seconds(Map<String, Object> json, String name) {
    Object value = json.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number number)) {
      throw new IllegalArgumentException(name);
    }
    long millis = number.longValue() * 1000L;
    long written = millis / 1000L;
    if (!(value instanceof Long l) || l != written) {
      json.put(name, written);
    }
    return Instant.ofEpochMilli(millis);
  }
}
