package dev.wsgate.provider.jwks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The work a key needs once, not once per token: an RSA key's size ({@code RSAKey.size()} decodes
 * the modulus from base64url each time) and its nimbus verifier ({@code new RSASSAVerifier(key)}
 * decodes the modulus again and builds a JDK public key through a {@code KeyFactory}); neither
 * depends on the token.
 *
 * <p>Keyed by identity: the cached key set hands out the same {@link JWK} objects until it is
 * refreshed, and a refreshed set brings new objects, so an entry never outlives the key material it
 * was made from. Copy-on-write behind a volatile field, at most {@link #MAX_ENTRIES} entries (then
 * it starts over, dropping keys of old sets); two threads missing at once both compute, which is
 * harmless. nimbus's verifiers are immutable and safe to share between threads.
 */
final class KeyCache {
  static final int MAX_ENTRIES = 64;

  private record Entry(int rsaBits, JWSVerifier verifier) {}

  private volatile Map<JWK, Entry> entries = new IdentityHashMap<>();

  /** {@code key.size()}, computed once per key. */
  int rsaBits(RSAKey key) {
    Entry e = entries.get(key);
    if (e == null) {
      e = new Entry(key.size(), null);
      put(key, e);
    }
    return e.rsaBits();
  }

  /**
   * The verifier for {@code key} (RSA, EC or Ed25519), made once per key.
   *
   * @throws JOSEException when nimbus cannot make one (not cached: tried again next time)
   */
  JWSVerifier verifier(JWK key) throws JOSEException {
    Entry e = entries.get(key);
    if (e != null && e.verifier() != null) {
      return e.verifier();
    }
    JWSVerifier verifier =
        key instanceof RSAKey
            ? new RSASSAVerifier((RSAKey) key)
            : key instanceof OctetKeyPair
                ? new JdkEd25519Verifier((OctetKeyPair) key)
                : new ECDSAVerifier((ECKey) key);
    int bits = e != null ? e.rsaBits() : key instanceof RSAKey ? key.size() : 0;
    put(key, new Entry(bits, verifier));
    return verifier;
  }

  private void put(JWK key, Entry entry) {
    Map<JWK, Entry> current = entries;
    Map<JWK, Entry> next =
        current.size() >= MAX_ENTRIES ? new IdentityHashMap<>() : new IdentityHashMap<>(current);
    next.put(key, entry);
    entries = next;
  }
}
