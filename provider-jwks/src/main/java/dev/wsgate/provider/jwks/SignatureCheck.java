package dev.wsgate.provider.jwks;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import java.text.ParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The signature layer: a compact JWS, an accepted algorithm and type, a key from {@link KeySource}
 * and a valid signature. The header's {@code jku}, {@code x5u}, {@code jwk} and {@code x5c} are
 * never read: keys come from the configured key set only. Unknown {@code crit} parameters are
 * rejected by nimbus's verifiers.
 */
final class SignatureCheck {
  /** Absent, or a type that marks a JWT access or ID token; not a logout token or a DPoP proof. */
  private static final Set<String> ACCEPTED_TYPES =
      Set.of("jwt", "application/jwt", "at+jwt", "application/at+jwt");

  private final Set<JWSAlgorithm> algorithms;
  private final List<String> algorithmNames;
  private final KeySource keys;

  SignatureCheck(List<String> algorithms, KeySource keys) {
    Set<JWSAlgorithm> parsed = new LinkedHashSet<>();
    algorithms.forEach(a -> parsed.add(JWSAlgorithm.parse(a)));
    this.algorithms = Set.copyOf(parsed);
    this.algorithmNames = List.copyOf(algorithms);
    this.keys = keys;
  }

  /**
   * The verified JWS (its payload not yet interpreted).
   *
   * @throws AuthenticationException for a token that is not accepted
   * @throws ParseException for a token that is not a well-formed JWS
   * @throws KeySourceException when keys cannot be had (see {@link KeySource#candidates})
   * @throws JOSEException when a verifier cannot be made from a key
   */
  JWSObject verify(String token)
      throws AuthenticationException, ParseException, KeySourceException, JOSEException {
    Base64URL[] parts = JOSEObject.split(token);
    if (parts.length != 3) {
      throw new AuthenticationException(Failure.MALFORMED_TOKEN, "token is not a signed JWT");
    }
    Header parsed = parseHeader(parts[0]);
    if (!(parsed instanceof JWSHeader)) {
      throw new AuthenticationException(
          Failure.UNSUPPORTED_ALGORITHM, "token is not signed; accepted: " + algorithmNames);
    }
    JWSHeader header = (JWSHeader) parsed;
    if (!algorithms.contains(header.getAlgorithm())) {
      throw new AuthenticationException(
          Failure.UNSUPPORTED_ALGORITHM,
          "token algorithm is not accepted; accepted: " + algorithmNames);
    }
    JOSEObjectType type = header.getType();
    if (type != null && !ACCEPTED_TYPES.contains(type.getType().toLowerCase(Locale.ROOT))) {
      throw new AuthenticationException(Failure.MALFORMED_TOKEN, "token type is not accepted");
    }
    JWSObject jws = new JWSObject(parts[0], parts[1], parts[2]);
    List<JWK> candidates = keys.candidates(header);
    if (candidates.isEmpty()) {
      throw new AuthenticationException(
          Failure.UNKNOWN_KEY, "token is signed with a key the issuer does not publish");
    }
    for (JWK key : candidates) {
      if (jws.verify(verifierFor(key))) {
        return jws;
      }
    }
    throw new AuthenticationException(Failure.INVALID_SIGNATURE, "token signature is invalid");
  }

  private static Header parseHeader(Base64URL part) throws ParseException {
    try {
      return Header.parse(part);
    } catch (RuntimeException e) {
      // nimbus 10.10 throws NullPointerException for a header that is JSON null
      throw new ParseException("malformed header", 0);
    }
  }

  private static JWSVerifier verifierFor(JWK key) throws JOSEException {
    if (key instanceof RSAKey) {
      return new RSASSAVerifier((RSAKey) key);
    }
    return new ECDSAVerifier((ECKey) key);
  }
}
