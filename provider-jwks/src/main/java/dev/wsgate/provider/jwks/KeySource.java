package dev.wsgate.provider.jwks;

import com.auth0.jwk.JwksHttpClient;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.jwk.source.RateLimitedJWKSetSource;
import com.nimbusds.jose.jwk.source.RefreshAheadCachingJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one place verification keys come from: nimbus's refresh-ahead cache (single-flight fetches,
 * background refresh on daemon threads) over nimbus's rate limiter (two fetches per {@link
 * JwksSettings#REFETCH_WINDOW}) over {@link KeySetFetcher} (jwks-rsa).
 *
 * <p>Stale-if-error is the refresh-ahead window stretched: the cache keeps a key set for {@code
 * cache-ttl + stale-if-error} and refreshes it in the background from {@code cache-ttl -
 * refresh-ahead} on. While a key set is cached no caller waits for the network; a failed refresh
 * leaves the old set in use until the hard limit.
 *
 * <p>Cache time is this source's {@link Clock}; thread-safe.
 */
final class KeySource implements AutoCloseable {
  private final RefreshAheadCachingJWKSetSource<SecurityContext> cache;
  private final KeySetFetcher fetcher;
  private final ExecutorService refresher;
  private final Clock clock;
  private final long hardTtlMillis;
  private final KeyCache keyCache = new KeyCache();

  KeySource(
      JwksSettings s,
      JwksHttpClient http,
      Clock clock,
      ExecutorService refresher,
      ScheduledExecutorService scheduler) {
    this.clock = clock;
    this.refresher = refresher;
    this.fetcher = new KeySetFetcher(s, http);
    long stale = s.staleIfError().toMillis();
    this.hardTtlMillis = s.cacheTtl().toMillis() + stale;
    this.cache =
        new RefreshAheadCachingJWKSetSource<>(
            new RateLimitedJWKSetSource<>(fetcher, JwksSettings.REFETCH_WINDOW.toMillis(), null),
            hardTtlMillis,
            s.refreshTimeout().toMillis(),
            s.refreshAhead().toMillis() + stale,
            refresher,
            true,
            null,
            scheduler,
            true);
  }

  /**
   * A key source fetching over HTTP, with its own two daemon threads, started now rather than on
   * first use so that every thread a verifier owns exists from its creation to its close.
   */
  static KeySource start(JwksSettings s, Clock clock, String tenant) {
    ThreadPoolExecutor refresher =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            daemon("wsgate-jwks-refresh-" + tenant));
    refresher.prestartAllCoreThreads();
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(1, daemon("wsgate-jwks-schedule-" + tenant));
    scheduler.setRemoveOnCancelPolicy(true);
    scheduler.prestartAllCoreThreads();
    return new KeySource(
        s,
        new BoundedHttpClient(s.connectTimeout(), s.readTimeout(), s.maxResponseBytes()),
        clock,
        refresher,
        scheduler);
  }

  /** Starts fetching the key set in the background, so that the first handshake finds it. */
  void prefetch() {
    refresher.execute(
        () -> {
          try {
            cache.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), clock.millis(), null);
          } catch (KeySourceException | RuntimeException e) {
            // logged by KeySetFetcher; the first handshake tries again
          }
        });
  }

  /**
   * The keys that may have signed a token with {@code header}: its {@code kid}, a key type and
   * curve that fit its {@code alg} (RSA, EC on the algorithm's curve, OKP on Ed25519 for EdDSA),
   * {@code use} absent or {@code sig}, {@code key_ops} absent or with {@code verify}, {@code alg}
   * absent or equal, RSA at least 2048 bits. An unknown {@code kid} costs one rate-limited refetch.
   *
   * @throws AuthenticationException UNKNOWN_KEY when the token has no {@code kid} and the set has
   *     several keys
   * @throws RateLimitReachedException when the {@code kid} is unknown and the refetch budget is
   *     spent
   * @throws JWKSetUnavailableException when no key set can be had
   */
  List<JWK> candidates(JWSHeader header) throws KeySourceException, AuthenticationException {
    long now = clock.millis();
    JWKSet set;
    try {
      set = cache.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, null);
    } catch (RateLimitReachedException e) {
      // with no key set at all, a spent budget means "we cannot fetch", not "unknown key"
      throw new JWKSetUnavailableException("no key set yet and fetching is rate limited", e);
    }
    JWSAlgorithm alg = header.getAlgorithm();
    String kid = header.getKeyID();
    if (kid == null) {
      if (set.getKeys().size() > 1) {
        throw new AuthenticationException(
            Failure.UNKNOWN_KEY, "token has no key id (kid) and the issuer has several keys");
      }
      return set.getKeys().stream().filter(k -> usable(k, alg)).toList();
    }
    if (set.getKeyByKeyId(kid) == null) {
      set = cache.getJWKSet(JWKSetCacheRefreshEvaluator.referenceComparison(set), now, null);
    }
    return set.getKeys().stream()
        .filter(k -> kid.equals(k.getKeyID()))
        .filter(k -> usable(k, alg))
        .toList();
  }

  /** Whether a key set is at hand without a network call. */
  boolean isReady() {
    return fetcher.fetchedWithin(clock.millis(), hardTtlMillis);
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

  /** Stops the background threads (waiting at most the refresh timeout). Idempotent. */
  @Override
  public void close() {
    try {
      cache.close();
    } catch (IOException e) {
      // nothing to release beyond the executors, which are shut down either way
    }
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
