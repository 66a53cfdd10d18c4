package dev.wsgate.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/** HS256 tokens for the load driver: valid ones and the invalid kinds of the mix. */
final class Tokens {
  /** What an invalid request gets wrong. */
  enum Kind {
    VALID,
    BADSIG,
    EXPIRED,
    NONE,
    MALFORMED,
    ORIGIN
  }

  private final String secret;
  private final String issuer;
  private final String audience;

  Tokens(String secret, String issuer, String audience) {
    this.secret = secret;
    this.issuer = issuer;
    this.audience = audience;
  }

  String mint(String subject, Duration ttl) {
    return sign(subject, Instant.now().plus(ttl), secret);
  }

  String forKind(Kind kind, int n) {
    switch (kind) {
      case BADSIG:
        return sign("user-" + n, Instant.now().plusSeconds(3600), secret + "-not-the-secret");
      case EXPIRED:
        return sign("user-" + n, Instant.now().minusSeconds(3600), secret);
      case NONE:
        String header = b64("{\"alg\":\"none\"}");
        String claims =
            b64(
                "{\"sub\":\"user-"
                    + n
                    + "\",\"exp\":"
                    + (Instant.now().getEpochSecond() + 3600)
                    + "}");
        return header + "." + claims + ".";
      case MALFORMED:
        return "not-a-jwt-" + n;
      default:
        return mint("user-" + n, Duration.ofHours(1));
    }
  }

  private String sign(String subject, Instant exp, String key) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader(JWSAlgorithm.HS256),
              new JWTClaimsSet.Builder()
                  .subject(subject)
                  .issuer(issuer)
                  .audience(audience)
                  .issueTime(new Date())
                  .expirationTime(Date.from(exp))
                  .build());
      jwt.sign(new MACSigner(key.getBytes(StandardCharsets.UTF_8)));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a benchmark token: " + e.getMessage(), e);
    }
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
