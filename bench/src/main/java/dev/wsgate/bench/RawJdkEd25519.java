package dev.wsgate.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Set;

/**
 * The floor for Ed25519 on the JDK: a {@link JWSVerifier} that is nothing but {@code
 * Signature.getInstance("Ed25519")} over the JDK public key in hand, one {@link Signature} per call
 * (as in the provider; they are not thread-safe).
 */
final class RawJdkEd25519 implements JWSVerifier {
  private final PublicKey key;
  private final JCAContext jca = new JCAContext();

  RawJdkEd25519(PublicKey key) {
    this.key = key;
  }

  @Override
  public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature)
      throws JOSEException {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(signingInput);
      return s.verify(signature.decode());
    } catch (GeneralSecurityException e) {
      throw new JOSEException(e.getMessage(), e);
    }
  }

  @Override
  public Set<JWSAlgorithm> supportedJWSAlgorithms() {
    return Set.of(JWSAlgorithm.EdDSA);
  }

  @Override
  public JCAContext getJCAContext() {
    return jca;
  }
}
