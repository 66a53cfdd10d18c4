package dev.wsgate.provider.jwks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

/** Real keys generated per test run, JWKS documents made from them, and tokens they sign. */
final class TokenFixtures {
  static final String ISSUER = "https://issuer.example.com/";
  static final String AUDIENCE = "my-api";

  private TokenFixtures() {}

  static RSAKey rsa(String kid) {
    return rsa(kid, 2048);
  }

  static RSAKey rsa(String kid, int bits) {
    try {
      RSAKeyGenerator g = new RSAKeyGenerator(bits, bits < 2048);
      return g.keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static ECKey ec(String kid, Curve curve) {
    try {
      return new ECKeyGenerator(curve).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JWKS document holding the public halves of {@code keys}. */
  static String jwks(JWK... keys) {
    return new JWKSet(Arrays.stream(keys).map(JWK::toPublicJWK).toList()).toString(true);
  }

  static JWTClaimsSet.Builder claims(String subject, Instant iat, Instant exp) {
    return new JWTClaimsSet.Builder()
        .subject(subject)
        .issuer(ISSUER)
        .audience(List.of(AUDIENCE))
        .issueTime(Date.from(iat))
        .expirationTime(Date.from(exp));
  }

  static String sign(JWK key, JWSAlgorithm alg, JWTClaimsSet claims) {
    return sign(key, alg, claims, h -> h);
  }

  static String sign(
      JWK key, JWSAlgorithm alg, JWTClaimsSet claims, UnaryOperator<JWSHeader.Builder> header) {
    try {
      JWSHeader h = header.apply(new JWSHeader.Builder(alg).keyID(key.getKeyID())).build();
      SignedJWT jwt = new SignedJWT(h, claims);
      jwt.sign(signer(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JWSSigner signer(JWK key) throws JOSEException {
    if (key instanceof RSAKey) {
      return new RSASSASigner(((RSAKey) key).toPrivateKey(), true);
    }
    return new ECDSASigner((ECKey) key);
  }
}
