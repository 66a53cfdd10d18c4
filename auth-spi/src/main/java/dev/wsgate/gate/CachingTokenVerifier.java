package dev.wsgate.gate;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

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
 *   <li>At most {@code maxEntries}; when full, expired entries go first, then arbitrary ones, until
 *       an eighth of the capacity is free.
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

  private final TokenVerifier delegate;
  private final int maxEntries;
  private final Duration maxAge;
  private final Duration clockSkew;
  private final ConcurrentHashMap<ByteBuffer, Entry> entries = new ConcurrentHashMap<>();

  private CachingTokenVerifier(
      TokenVerifier delegate, int maxEntries, Duration maxAge, Duration clockSkew) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.maxEntries = maxEntries;
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
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
    ByteBuffer key = key(token, context);
    Instant now = context.now();
    Entry hit = entries.get(key);
    if (hit != null) {
      if (now.isBefore(hit.usableUntil())) {
        return hit.token();
      }
      entries.remove(key, hit);
    }
    VerifiedToken verified = delegate.verify(token, context);
    if (verified != null && verified.expiresAt().isPresent()) {
      Instant until = verified.expiresAt().get().plus(clockSkew);
      Instant aged = now.plus(maxAge);
      Instant usableUntil = until.isBefore(aged) ? until : aged;
      if (now.isBefore(usableUntil)) {
        makeRoom(now);
        entries.put(key, new Entry(verified, usableUntil));
      }
    }
    return verified;
  }

  /** The number of cached entries (for metrics and tests). */
  public int size() {
    return entries.size();
  }

  /** Drops every entry, for example after a key was reported compromised. */
  public void clear() {
    entries.clear();
  }

  /**
   * Called before an insert. When full, one pass drops the expired entries and then arbitrary ones
   * until an eighth of the capacity is free, so the O(maxEntries) walk is paid once per {@code
   * maxEntries / 8} inserts, not on every insert into a full cache (a storm of new tokens).
   */
  private void makeRoom(Instant now) {
    if (entries.size() < maxEntries) {
      return;
    }
    entries.values().removeIf(e -> !now.isBefore(e.usableUntil()));
    int target = maxEntries - Math.max(1, maxEntries / 8);
    Iterator<ByteBuffer> it = entries.keySet().iterator();
    while (entries.size() > target && it.hasNext()) {
      it.next();
      it.remove();
    }
  }

  private static ByteBuffer key(String token, VerificationContext context) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(context.origin().orElse("").getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      return ByteBuffer.wrap(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
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
    entries.clear();
    delegate.close();
  }

  @Override
  public String toString() {
    return "CachingTokenVerifier[" + delegate + ", maxEntries=" + maxEntries + "]";
  }
}
