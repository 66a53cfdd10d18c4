package dev.wsgate.gate;

import dev.wsgate.internal.Digests;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A bounded cache of successful verifications in front of a tenant's verifier, so that a reconnect
 * storm (every client of a restarted server coming back with the token it already had) costs a
 * SHA-256 and a map lookup per handshake instead of a signature check.
 *
 * <p>What it keeps and for how long:
 *
 * <ul>
 *   <li>Only successes. Failures are not cached: an attacker could otherwise fill the cache with
 *       garbage, and a failure can turn into a success (a key that was not yet fetched).
 *   <li>Keyed by the SHA-256 of the request origin and the token, never the token itself: a
 *       verifier may check the origin (Clerk's {@code azp}), so one token from two origins is two
 *       entries.
 *   <li>An entry is used only while {@code now < exp + clockSkew} by the context's clock, and at
 *       most {@code maxAge} after it was verified, so that key rotation or a provider-side
 *       revocation is seen within {@code maxAge}. Tokens without {@code exp} are not cached.
 *   <li>Revocation checks ({@link dev.wsgate.spi.RevocationCheck}) run after the verifier on every
 *       handshake, hit or miss, so a cached token is still refused once revoked.
 *   <li>At most {@code maxEntries}, in two generations of half that size: new entries (and entries
 *       used again) go into the current generation; when it is full it becomes the previous one and
 *       the previous one is dropped whole. A token in use stays, and eviction never walks the
 *       entries (a reconnect storm inserts into a full cache on every handshake).
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class CachingTokenVerifier implements TokenVerifier {
  /** The default number of entries: about 10k handshakes' worth, a few MB of heap. */
  public static final int DEFAULT_MAX_ENTRIES = 10_000;

  /** The default longest time an entry is trusted without asking the provider again. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);

  private record Entry(VerifiedToken token, Instant usableUntil) {}

  private record Generations(
      ConcurrentHashMap<ByteBuffer, Entry> current, ConcurrentHashMap<ByteBuffer, Entry> previous) {
    static Generations empty(int size) {
      return new Generations(generation(size), generation(1));
    }

    /** Sized up front: growing a map of thousands of entries by doubling costs on the hot path. */
    static ConcurrentHashMap<ByteBuffer, Entry> generation(int size) {
      return new ConcurrentHashMap<>(Math.min(size, 1 << 16));
    }
  }

  private final TokenVerifier delegate;
  private final int maxEntries;
  private final Duration maxAge;
  private final Duration clockSkew;
  private final int generationSize;
  private volatile Generations generations;

  private CachingTokenVerifier(
      TokenVerifier delegate, int maxEntries, Duration maxAge, Duration clockSkew) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.maxEntries = maxEntries;
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
    this.generationSize = Math.max(1, maxEntries / 2);
    this.generations = Generations.empty(generationSize);
    if (maxEntries < 1 || maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("a cache needs maxEntries >= 1 and a positive maxAge");
    }
  }

  /**
   * Wraps {@code delegate}; returns it unchanged when {@code maxEntries} is 0 (cache disabled).
   *
   * @param clockSkew the tenant's clock skew, the same the verifier applies to {@code exp}
   */
  public static TokenVerifier wrap(
      TokenVerifier delegate, int maxEntries, Duration maxAge, Duration clockSkew) {
    if (maxEntries == 0) {
      return delegate;
    }
    return new CachingTokenVerifier(delegate, maxEntries, maxAge, clockSkew);
  }

  @Override
  public VerifiedToken verify(String token, VerificationContext context)
      throws AuthenticationException {
    Probe probe = probe(token, context);
    if (probe.hit() != null) {
      return probe.hit();
    }
    VerifiedToken verified = delegate.verify(token, context);
    store(probe, verified, context.now());
    return verified;
  }

  /**
   * One look into the cache: the key of {@code token} for {@code context}, and the identity cached
   * under it (null on a miss). The gate probes once per handshake and, on a miss, verifies with
   * {@link #delegate()} and {@link #store}s the result under the same key.
   */
  record Probe(ByteBuffer key, @Nullable VerifiedToken hit) {}

  Probe probe(String token, VerificationContext context) {
    ByteBuffer key = key(token, context);
    return new Probe(key, cached(key, context.now()));
  }

  /** The verifier behind the cache. */
  TokenVerifier delegate() {
    return delegate;
  }

  /**
   * Caches {@code verified}, verified at {@code now}, under the probe's key if it has an expiry.
   */
  void store(Probe probe, VerifiedToken verified, Instant now) {
    if (verified == null || verified.expiresAt().isEmpty()) {
      return;
    }
    Instant until = verified.expiresAt().get().plus(clockSkew);
    Instant aged = now.plus(maxAge);
    Instant usableUntil = until.isBefore(aged) ? until : aged;
    if (now.isBefore(usableUntil)) {
      insert(generations, probe.key(), new Entry(verified, usableUntil));
    }
  }

  private @Nullable VerifiedToken cached(ByteBuffer key, Instant now) {
    Generations g = generations;
    Entry hit = g.current().get(key);
    boolean promote = false;
    if (hit == null) {
      hit = g.previous().get(key);
      promote = true;
    }
    if (hit == null || !now.isBefore(hit.usableUntil())) {
      return null;
    }
    if (promote) {
      insert(g, key, hit);
    }
    return hit.token();
  }

  /** The number of cached entries (for metrics and tests). */
  public int size() {
    Generations g = generations;
    return g.current().size() + g.previous().size();
  }

  /** Drops every entry, for example after a key was reported compromised. */
  public void clear() {
    generations = Generations.empty(generationSize);
  }

  /**
   * Puts into the current generation; a full one becomes the previous generation, the previous one
   * is dropped. With one entry allowed there is no previous generation.
   */
  private void insert(Generations g, ByteBuffer key, Entry entry) {
    g.current().put(key, entry);
    if (g.current().size() >= generationSize) {
      synchronized (this) {
        if (generations == g) {
          generations =
              new Generations(
                  Generations.generation(generationSize),
                  maxEntries > 1 ? g.current() : Generations.generation(1));
        }
      }
    }
  }

  private static ByteBuffer key(String token, VerificationContext context) {
    MessageDigest sha = Digests.sha256();
    sha.update(context.origin().orElse("").getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    return ByteBuffer.wrap(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public boolean isReady() {
    return delegate.isReady();
  }

  @Override
  public boolean mayBlock() {
    return delegate.mayBlock();
  }

  @Override
  public void close() {
    clear();
    delegate.close();
  }

  @Override
  public String toString() {
    return "CachingTokenVerifier[" + delegate + ", maxEntries=" + maxEntries + "]";
  }
}
