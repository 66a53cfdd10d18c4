package dev.wsgate.provider.jwks;

import com.auth0.jwk.InvalidPublicKeyException;
import com.auth0.jwk.Jwk;
import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.lang.System.Logger.Level;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the keys jwks-rsa parsed into nimbus JWKs, keeping {@code kid}, {@code use}, {@code
 * key_ops} and {@code alg} so that key selection can honour them (jwks-rsa itself ignores them). A
 * key jwks-rsa cannot turn into a public key (another key type, a broken value) or an EC point that
 * is not on its curve (nimbus checks; jwks-rsa does not) is left out, not fatal for the set. OKP
 * keys (RFC 8037), which jwks-rsa cannot read, are taken from their {@code crv} and {@code x}.
 */
final class JwkConversion {
  private static final System.Logger LOG = System.getLogger(JwkConversion.class.getName());

  private JwkConversion() {}

  static JWKSet toJwkSet(List<Jwk> keys) {
    List<JWK> out = new ArrayList<>();
    for (Jwk k : keys) {
      convert(k).ifPresent(out::add);
    }
    return new JWKSet(out);
  }

  static Optional<JWK> convert(Jwk k) {
    try {
      KeyUse use = k.getUsage() == null ? null : KeyUse.parse(k.getUsage());
      List<String> ops = k.getOperationsAsList();
      Set<KeyOperation> operations = ops == null || ops.isEmpty() ? null : KeyOperation.parse(ops);
      Algorithm alg = k.getAlgorithm() == null ? null : new Algorithm(k.getAlgorithm());
      if ("OKP".equals(k.getType())) {
        return octetKeyPair(k, use, operations, alg);
      }
      PublicKey key = k.getPublicKey();
      if (key instanceof RSAPublicKey) {
        return Optional.of(
            new RSAKey.Builder((RSAPublicKey) key)
                .keyID(k.getId())
                .keyUse(use)
                .keyOperations(operations)
                .algorithm(alg)
                .build());
      }
      if (key instanceof ECPublicKey) {
        ECPublicKey ec = (ECPublicKey) key;
        Curve curve = Curve.forECParameterSpec(ec.getParams());
        if (curve == null) {
          return skip(k, "unknown curve");
        }
        return Optional.of(
            new ECKey.Builder(curve, ec)
                .keyID(k.getId())
                .keyUse(use)
                .keyOperations(operations)
                .algorithm(alg)
                .build());
      }
      return skip(k, "unsupported key type");
    } catch (InvalidPublicKeyException | ParseException | RuntimeException e) {
      return skip(k, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /**
   * An RFC 8037 key (jwks-rsa knows only RSA and EC): Ed25519 with a 32-byte {@code x}; other
   * curves (X25519 is for key agreement, Ed448 is not supported) are left out, and so is a private
   * {@code d}, which a key set should never publish.
   */
  private static Optional<JWK> octetKeyPair(
      Jwk k, KeyUse use, Set<KeyOperation> operations, Algorithm alg) {
    Object crv = k.getAdditionalAttributes().get("crv");
    Object x = k.getAdditionalAttributes().get("x");
    if (!Curve.Ed25519.getName().equals(crv)) {
      return skip(k, "unsupported OKP curve " + crv);
    }
    if (!(x instanceof String)) {
      return skip(k, "no x");
    }
    Base64URL encoded = new Base64URL((String) x);
    if (encoded.decode().length != JdkEd25519Verifier.KEY_BYTES) {
      return skip(k, "x is not 32 bytes");
    }
    return Optional.of(
        new OctetKeyPair.Builder(Curve.Ed25519, encoded)
            .keyID(k.getId())
            .keyUse(use)
            .keyOperations(operations)
            .algorithm(alg)
            .build());
  }

  private static Optional<JWK> skip(Jwk k, String why) {
    LOG.log(
        Level.DEBUG,
        "ignoring key kid={0} kty={1}: {2}",
        k.getId(),
        k.getType(),
        String.valueOf(why));
    return Optional.empty();
  }
}
