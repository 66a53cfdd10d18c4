package dev.wsgate.server.cli;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * Signs development tokens (dev mode, the {@code token} command) the way {@code hmac} checks them.
 */
final class HmacMinter {
  private HmacMinter() {}

  /**
   * An {@code alg}-signed JWT with {@code sub}, {@code iat}, {@code exp} and the optional claims.
   *
   * @param secret the shared secret; its UTF-8 bytes are the key
   * @throws IllegalArgumentException when the algorithm is not HS256/384/512 or the secret too
   *     short
   */
  static String mint(
      String secret,
      String alg,
      String subject,
      Optional<String> issuer,
      Optional<String> audience,
      Optional<String> scope,
      Instant issuedAt,
      Instant expiresAt) {
    JWSAlgorithm algorithm = JWSAlgorithm.parse(alg);
    if (!JWSAlgorithm.Family.HMAC_SHA.contains(algorithm)) {
      throw new IllegalArgumentException("algorithm " + alg + " is not HS256, HS384 or HS512");
    }
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .subject(subject)
            .issueTime(Date.from(issuedAt))
            .expirationTime(Date.from(expiresAt));
    issuer.ifPresent(claims::issuer);
    audience.ifPresent(claims::audience);
    scope.ifPresent(s -> claims.claim("scope", s));
    SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims.build());
    try {
      jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (JOSEException e) {
      // the message names the key length only, never the key
      throw new IllegalArgumentException(
          "cannot sign with " + alg + ": the secret is too short for it");
    }
    return jwt.serialize();
  }
}
