package dev.wsgate.provider.jwks;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The signature layer: a compact JWS, an accepted algorithm and type, a key from {@link JwksKeys}
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
  private final JwksKeys keys;

  SignatureCheck(List<String> algorithms, JwksKeys keys) {
    Set<JWSAlgorithm> parsed = new LinkedHashSet<>();
    algorithms.forEach(a -> parsed.add(JWSAlgorithm.parse(a)));
    this.algorithms = Set.copyOf(parsed);
    this.algorithmNames = List.copyOf(algorithms);
    this.keys = keys;
  }

  /**
   * A compact JWS that passed every check made before its key is looked up: three parts, a JWS
   * header with an accepted algorithm and type, a non-empty signature.
   *
   * @param header the parsed header
   * @param payload the payload, not yet interpreted
   * @param signingInput what the signature covers, as {@code JWSObject} would compose it
   * @param signature the third part
   */
  record Signed(JWSHeader header, Payload payload, byte[] signingInput, Base64URL signature) {}

  /**
   * Parses {@code token} and checks what needs no key. The header is parsed once.
   *
   * @throws AuthenticationException for a token that is not accepted
   * @throws ParseException for a token that is not a well-formed JWS
   */
  Signed parse(String token) throws AuthenticationException, ParseException {
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
    Payload payload = new Payload(parts[1]);
    if (parts[2].toString().trim().isEmpty()) {
      // as the JWSObject constructor refused it
      throw new ParseException("The signature must not be empty", 0);
    }
    return new Signed(header, payload, signingInput(header, payload), parts[2]);
  }

  /**
   * The payload of {@code signed}, once one of {@code candidates} (the keys {@link
   * JwksKeys#candidates} found for its header) verifies its signature with its cached verifier.
   *
   * @throws AuthenticationException UNKNOWN_KEY without candidates, INVALID_SIGNATURE when none
   *     verifies
   * @throws JOSEException when a verifier cannot be made from a key, or fails
   */
  Payload verify(Signed signed, List<JWK> candidates)
      throws AuthenticationException, JOSEException {
    if (candidates.isEmpty()) {
      throw new AuthenticationException(
          Failure.UNKNOWN_KEY, "token is signed with a key the issuer does not publish");
    }
    for (JWK key : candidates) {
      if (verify(keys.verifier(key), signed.header(), signed.signingInput(), signed.signature())) {
        return signed.payload();
      }
    }
    throw new AuthenticationException(Failure.INVALID_SIGNATURE, "token signature is invalid");
  }

  /** What {@code JWSObject} signs: the header as received, a dot, the payload (RFC 7797 aware). */
  private static byte[] signingInput(JWSHeader header, Payload payload) {
    String body =
        header.isBase64URLEncodePayload() ? payload.toBase64URL().toString() : payload.toString();
    return (header.toBase64URL().toString() + '.' + body).getBytes(StandardCharsets.UTF_8);
  }

  /** {@code JWSObject.verify}'s contract: a verifier's unexpected exception is a JOSEException. */
  private static boolean verify(
      JWSVerifier verifier, JWSHeader header, byte[] signingInput, Base64URL signature)
      throws JOSEException {
    try {
      return verifier.verify(header, signingInput, signature);
    } catch (JOSEException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new JOSEException(e.getMessage(), e);
    }
  }

  private static Header parseHeader(Base64URL part) throws ParseException {
    try {
      return Header.parse(part);
    } catch (RuntimeException e) {
      // nimbus 10.10 throws NullPointerException for a header that is JSON null
      throw new ParseException("malformed header", 0);
    }
  }
}
