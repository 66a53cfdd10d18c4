package dev.wsgate.provider.jwks;

import com.nimbusds.jose.CriticalHeaderParamsAware;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.impl.CriticalHeaderParamsDeferral;
import com.nimbusds.jose.crypto.impl.EdDSAProvider;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Set;

/**
 * EdDSA over Ed25519 (RFC 8037: {@code alg} {@code EdDSA} or {@code Ed25519}, an {@code OKP} key
 * with {@code crv} {@code Ed25519}) with the JDK's own implementation (SunEC, Java 15 and later).
 * nimbus's {@code Ed25519Verifier} needs Google Tink on the class path, a 2.8 MB jar with
 * protobuf-java, gson and google-http-client behind it; with the length check below the JDK is as
 * strict (all Wycheproof Ed25519 vectors), at more CPU per verification than Tink but less than an
 * ES256 verification (BENCHMARKS.md). Unknown {@code crit} parameters fail as with nimbus's
 * verifiers. Immutable and thread-safe: a {@link Signature} is made per call.
 */
final class JdkEd25519Verifier extends EdDSAProvider
    implements JWSVerifier, CriticalHeaderParamsAware {
  /** The DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410), before the key. */
  private static final byte[] SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  static final int KEY_BYTES = 32;
  private static final int SIGNATURE_BYTES = 64;

  private final PublicKey key;
  private final CriticalHeaderParamsDeferral critical = new CriticalHeaderParamsDeferral();

  /**
   * @throws JOSEException when the key is not a public Ed25519 key of 32 bytes
   */
  JdkEd25519Verifier(OctetKeyPair jwk) throws JOSEException {
    if (!Curve.Ed25519.equals(jwk.getCurve()) || jwk.isPrivate()) {
      throw new JOSEException("an Ed25519 public key (OKP, crv Ed25519, no d) is required");
    }
    this.key = publicKey(jwk.getDecodedX());
  }

  /** The JDK key for the 32 bytes of an Ed25519 public key ({@code x} of the JWK). */
  static PublicKey publicKey(byte[] x) throws JOSEException {
    if (x.length != KEY_BYTES) {
      throw new JOSEException("an Ed25519 public key has 32 bytes, not " + x.length);
    }
    byte[] der = new byte[SPKI_PREFIX.length + KEY_BYTES];
    System.arraycopy(SPKI_PREFIX, 0, der, 0, SPKI_PREFIX.length);
    System.arraycopy(x, 0, der, SPKI_PREFIX.length, KEY_BYTES);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new JOSEException("the JDK refuses the Ed25519 key: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature)
      throws JOSEException {
    JWSAlgorithm alg = header.getAlgorithm();
    if (!JWSAlgorithm.EdDSA.equals(alg) && !JWSAlgorithm.Ed25519.equals(alg)) {
      throw new JOSEException("alg " + alg + " is not EdDSA or Ed25519");
    }
    if (!critical.headerPasses(header)) {
      return false;
    }
    return verifies(signingInput, signature.decode());
  }

  /**
   * Whether {@code sig} is this key's signature of {@code message}; false for any malformed
   * signature. The length is checked here: JDK 17 accepts a signature with bytes appended
   * (Wycheproof Ed25519 tcId 37).
   *
   * @throws JOSEException when the JDK has no Ed25519
   */
  boolean verifies(byte[] message, byte[] sig) throws JOSEException {
    if (sig.length != SIGNATURE_BYTES) {
      return false;
    }
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(message);
      return s.verify(sig);
    } catch (SignatureException | InvalidKeyException e) {
      // an encoding the JDK cannot decode (R or the key off the curve, S out of range)
      return false;
    } catch (GeneralSecurityException e) {
      throw new JOSEException("the JDK has no Ed25519: " + e.getMessage(), e);
    }
  }

  @Override
  public Set<String> getProcessedCriticalHeaderParams() {
    return critical.getProcessedCriticalHeaderParams();
  }

  @Override
  public Set<String> getDeferredCriticalHeaderParams() {
    return critical.getDeferredCriticalHeaderParams();
  }
}
