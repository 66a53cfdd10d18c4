package dev.wsgate.provider.hmac;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link HmacClaims} reads a payload exactly as the provider did through nimbus's {@code
 * JWTClaimsSet} (parse, typed getters, {@code toJSONObject()}): the same payloads are refused, and
 * the accepted ones give the same registered claims and the same claims map.
 */
final class HmacClaimsTest {

  /** What the provider saw before: nimbus's claims set, or null when it refused the payload. */
  private record Seen(
      String issuer,
      String subject,
      List<String> audience,
      Instant exp,
      Instant nbf,
      Instant iat,
      Map<String, Object> claims) {}

  private static Seen throughNimbus(String json) throws Exception {
    JWTClaimsSet set;
    try {
      set = JWTClaimsSet.parse(JSONObjectUtils.parse(json));
    } catch (java.text.ParseException | RuntimeException e) {
      return null;
    }
    return new Seen(
        set.getIssuer(),
        set.getSubject(),
        set.getAudience() == null ? List.of() : set.getAudience(),
        instant(set.getExpirationTime()),
        instant(set.getNotBeforeTime()),
        instant(set.getIssueTime()),
        withoutNulls(set.toJSONObject()));
  }

  private static Seen throughHmacClaims(String json) throws Exception {
    HmacClaims c = HmacClaims.parse(JSONObjectUtils.parse(json));
    return c == null
        ? null
        : new Seen(
            c.issuer(),
            c.subject(),
            c.audience(),
            c.expiresAt(),
            c.notBefore(),
            c.issuedAt(),
            withoutNulls(c.all()));
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }

  /** VerifiedToken drops null values, so they never reached an application either way. */
  private static Map<String, Object> withoutNulls(Map<String, Object> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach(
        (k, v) -> {
          if (v != null) {
            copy.put(k, v);
          }
        });
    return copy;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"sub\":\"alice\",\"iss\":\"https://i.example\",\"aud\":\"my-api\","
            + "\"iat\":1800000000,\"exp\":1800000600,\"jti\":\"j\"}",
        "{\"sub\":42,\"exp\":1800000600}",
        "{\"sub\":4.5,\"exp\":1800000600}",
        "{\"sub\":true,\"exp\":1800000600}",
        "{\"sub\":null,\"exp\":1800000600}",
        "{\"sub\":[\"a\"],\"exp\":1800000600}",
        "{\"sub\":\"a\",\"aud\":[\"x\"]}",
        "{\"sub\":\"a\",\"aud\":[]}",
        "{\"sub\":\"a\",\"aud\":[\"x\",\"y\"]}",
        "{\"sub\":\"a\",\"aud\":[1]}",
        "{\"sub\":\"a\",\"aud\":[\"x\",{\"y\":1}]}",
        "{\"sub\":\"a\",\"aud\":7}",
        "{\"sub\":\"a\",\"aud\":null}",
        "{\"sub\":\"a\",\"aud\":{\"x\":1}}",
        "{\"sub\":\"a\",\"exp\":1.8e9}",
        "{\"sub\":\"a\",\"exp\":1800000600.7}",
        "{\"sub\":\"a\",\"exp\":-5}",
        "{\"sub\":\"a\",\"exp\":9223372036854775807}",
        "{\"sub\":\"a\",\"exp\":1e30}",
        "{\"sub\":\"a\",\"exp\":\"1800000600\"}",
        "{\"sub\":\"a\",\"exp\":true}",
        "{\"sub\":\"a\",\"exp\":null}",
        "{\"sub\":\"a\",\"nbf\":1800000000.9,\"iat\":17e8}",
        "{\"sub\":\"a\",\"nbf\":[1]}",
        "{\"sub\":\"a\",\"iat\":{}}",
        "{\"sub\":\"a\",\"iss\":5}",
        "{\"sub\":\"a\",\"iss\":null}",
        "{\"sub\":\"a\",\"jti\":5}",
        "{\"sub\":\"a\",\"x\":1.5,\"y\":null,\"z\":{\"a\":[1,\"b\",{\"c\":null}]},\"w\":false}",
        "{\"sub\":\"a\",\"scope\":\"a b\",\"scp\":[\"c\",2]}",
        "{}",
      })
  void parse_payload_seesWhatNimbusSaw(String json) throws Exception {
    assertThat(throughHmacClaims(json)).isEqualTo(throughNimbus(json));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"sub\":\"a\",\"aud\":[\"my-api\",null]}", "{\"aud\":[null]}"})
  void parse_nullInsideAudience_refusedWhereNimbusLetItThrough(String json) throws Exception {
    // nimbus accepted it and VerifiedToken's builder then failed on the null: an internal error.
    assertThat(throughNimbus(json)).isNotNull();
    assertThat(throughHmacClaims(json)).isNull();
  }
}
