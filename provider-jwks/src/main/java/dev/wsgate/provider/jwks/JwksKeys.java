package dev.wsgate.provider.jwks;

import com.auth0.jwk.JwksHttpClient;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import dev.wsgate.internal.keys.KeyPolicy;
import dev.wsgate.internal.keys.KeyScheduler;
import dev.wsgate.internal.keys.KeySet;
import dev.wsgate.internal.keys.Verifications;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The one place verification keys come from: the shared {@link KeySet} (single flight, refresh
 * ahead, stale-if-error, refetch cooldown, retries while no keys are held) over {@link
 * JwksKeySource}, plus the selection of the keys that may verify a given token. Thread-safe.
 */
final class JwksKeys implements AutoCloseable {
  private final KeySet<JWKSet> keys;
  private final KeyCache keyCache = new KeyCache();

  JwksKeys(KeySet<JWKSet> keys) {
    this.keys = keys;
  }

  /** Keys fetched by {@code http} on {@code scheduler}, not fetching until asked to. */
  static JwksKeys create(JwksSettings s, JwksHttpClient http, Clock clock, KeyScheduler scheduler) {
    return new JwksKeys(
        new KeySet<>(
            new JwksKeySource(s, http),
            new KeyPolicy(s.refreshAhead(), s.staleIfError()),
            clock,
            scheduler));
  }

  /** Keys fetched over HTTP on their own daemon thread, the first fetch started now. */
  static JwksKeys start(JwksSettings s, Clock clock, String tenant) {
    JwksKeys k =
        create(
            s, new BoundedHttpClient(s), clock, KeyScheduler.thread("wsgate-jwks-keys-" + tenant));
    k.start();
    return k;
  }

  /** Starts the first fetch in the background. */
  void start() {
    keys.start();
  }

  /**
   * The keys that may have signed a token with {@code header}: its {@code kid}, a key type and
   * curve that fit its {@code alg} (RSA, EC on the algorithm's curve, OKP on Ed25519 for EdDSA),
   * {@code use} absent or {@code sig}, {@code key_ops} absent or with {@code verify}, {@code alg}
   * absent or equal, RSA at least 2048 bits. Completes at once while the key set holds the {@code
   * kid}; an unknown {@code kid} may wait for a refetch (see {@link KeySet}). Fails with {@code
   * UNKNOWN_KEY} when the token has no {@code kid} and the set has several keys, or as {@link
   * KeySet#forKid} does.
   */
  CompletableFuture<List<JWK>> candidates(JWSHeader header) {
    JWSAlgorithm alg = header.getAlgorithm();
    String kid = header.getKeyID();
    if (kid == null) {
      return Verifications.then(
          keys.any(),
          set -> {
            if (set.getKeys().size() > 1) {
              throw new AuthenticationException(
                  Failure.UNKNOWN_KEY, "token has no key id (kid) and the issuer has several keys");
            }
            return set.getKeys().stream().filter(k -> usable(k, alg)).toList();
          });
    }
    return Verifications.then(
        keys.forKid(kid),
        set ->
            set.getKeys().stream()
                .filter(k -> kid.equals(k.getKeyID()))
                .filter(k -> usable(k, alg))
                .toList());
  }

  /** Whether a key set is at hand without a network call. */
  boolean isReady() {
    return keys.isReady();
  }

  /**
   * The verifier for a key {@link #candidates} returned, made once per key.
   *
   * @throws JOSEException when nimbus cannot make a verifier from the key
   */
  JWSVerifier verifier(JWK key) throws JOSEException {
    return keyCache.verifier(key);
  }

  private boolean usable(JWK key, JWSAlgorithm alg) {
    if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
      return false;
    }
    if (key.getKeyOperations() != null
        && !key.getKeyOperations().isEmpty()
        && !key.getKeyOperations().contains(KeyOperation.VERIFY)) {
      return false;
    }
    if (key.getAlgorithm() != null && !key.getAlgorithm().getName().equals(alg.getName())) {
      return false;
    }
    if (JWSAlgorithm.Family.RSA.contains(alg)) {
      return key instanceof RSAKey && keyCache.rsaBits((RSAKey) key) >= 2048;
    }
    if (JWSAlgorithm.Family.EC.contains(alg)) {
      return key instanceof ECKey && Curve.forJWSAlgorithm(alg).contains(((ECKey) key).getCurve());
    }
    if (JWSAlgorithm.EdDSA.equals(alg) || JWSAlgorithm.Ed25519.equals(alg)) {
      return key instanceof OctetKeyPair && Curve.Ed25519.equals(((OctetKeyPair) key).getCurve());
    }
    return false;
  }

  /** Stops fetching and its thread. Idempotent. */
  @Override
  public void close() {
    keys.close();
  }
}
