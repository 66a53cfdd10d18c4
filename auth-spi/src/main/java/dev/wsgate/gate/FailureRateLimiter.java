package dev.wsgate.gate;

import dev.wsgate.cluster.SharedFailureCounts;
import dev.wsgate.spi.Failure;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Limits failed handshakes per client address with a token bucket: each counted failure takes a
 * token, tokens come back at a steady rate, and an address with an empty bucket is refused ({@code
 * RATE_LIMITED}, 429 with {@code Retry-After}) before its token is even looked at. Successful
 * handshakes cost nothing, so a legitimate client is never throttled by its own traffic; a brute
 * forcer or a misconfigured client is.
 *
 * <p><b>What counts</b> ({@link #counts(Failure)}): only failures that suggest guessing or garbage.
 * Many users share one address (carrier-grade NAT, an office, a proxy), so what well-behaved
 * clients hit (an expired token, a missing one, another tenant's issuer, an origin refusal that
 * costs no verification) never spends the address's budget.
 *
 * <p><b>Keys</b> ({@link #key(String, int)}): an IPv4 address as it is; an IPv4-mapped IPv6 address
 * as its IPv4 address; any other IPv6 address by its prefix (64 bits unless configured), because
 * one host or subscriber owns a whole /64; anything that is not an IP literal as it is (nothing is
 * ever resolved).
 *
 * <p><b>Memory</b>: at most {@code maxAddresses} buckets. A new address in a full table replaces,
 * among {@value #SAMPLE} buckets picked at random, the one with the most tokens left, that is the
 * least offending (idle ones first): each failure costs O(1), no table is ever scanned or cleared,
 * and an address that has spent its budget stays refused unless offenders fill most of the table.
 *
 * <p>Thread-safe: lookups read a concurrent map, a failure locks its own bucket, and only a new
 * address takes the table's lock.
 *
 * <p><b>Cluster</b>: alone, a limiter counts per process. Given {@link SharedFailureCounts}, it
 * also reports every counted failure there and refuses an address the cluster refuses, whichever is
 * later; its own buckets keep deciding between exchanges and while the shared store is away.
 */
public final class FailureRateLimiter {
  /** How many buckets a new address in a full table chooses its victim from. */
  static final int SAMPLE = 8;

  /** Failed handshakes in a row per address unless configured ({@code wsgate.rate-limit.burst}). */
  public static final int DEFAULT_BURST = 50;

  /** Sustained failed handshakes a minute per address unless configured. */
  public static final int DEFAULT_PER_MINUTE = 120;

  /** The most addresses tracked at once unless configured. */
  public static final int DEFAULT_MAX_ADDRESSES = 100_000;

  /** The IPv6 prefix length addresses are keyed by unless configured. */
  public static final int DEFAULT_IPV6_PREFIX = 64;

  private static final Set<Failure> COUNTED =
      Collections.unmodifiableSet(
          EnumSet.of(
              Failure.MALFORMED_TOKEN,
              Failure.INVALID_SIGNATURE,
              Failure.UNKNOWN_KEY,
              Failure.UNSUPPORTED_ALGORITHM,
              Failure.BAD_REQUEST,
              Failure.AMBIGUOUS_TOKEN,
              Failure.TOKEN_TOO_LARGE));

  private final int burst;
  private final double tokensPerMilli;
  private final int maxAddresses;
  private final int ipv6Prefix;
  private final Clock clock;
  private final @Nullable SharedFailureCounts shared;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** Guards {@link #slots} and {@link #used}; taken only to add an address. */
  private final Object table = new Object();

  /** Every bucket in the map, at an index that sampling can pick. */
  private Bucket[] slots = new Bucket[16];

  private int used;

  private static final class Bucket {
    private final String key;
    private double tokens;
    private long updatedMillis;
    private boolean evicted;

    /**
     * When the bucket is full again; written under its lock after every failure, read without it
     * when choosing a victim, so that sampling takes no locks.
     */
    private volatile long fullAtMillis;

    Bucket(String key, double tokens, long nowMillis) {
      this.key = key;
      this.tokens = tokens;
      this.updatedMillis = nowMillis;
      this.fullAtMillis = nowMillis;
    }
  }

  /**
   * A limiter keying IPv6 addresses by their /64.
   *
   * @param burst counted failures an address may have in a row before it is refused
   * @param perMinute counted failures per minute an address may sustain
   * @param maxAddresses the most addresses tracked at once
   * @param clock the time source
   */
  public FailureRateLimiter(int burst, int perMinute, int maxAddresses, Clock clock) {
    this(burst, perMinute, maxAddresses, DEFAULT_IPV6_PREFIX, clock);
  }

  /**
   * A limiter keying IPv6 addresses by their first {@code ipv6Prefix} bits.
   *
   * @param burst counted failures an address may have in a row before it is refused
   * @param perMinute counted failures per minute an address may sustain
   * @param maxAddresses the most addresses tracked at once
   * @param ipv6Prefix the IPv6 prefix length one bucket covers, 1 to 128
   * @param clock the time source
   * @throws IllegalArgumentException when a number is out of range
   */
  public FailureRateLimiter(
      int burst, int perMinute, int maxAddresses, int ipv6Prefix, Clock clock) {
    this(burst, perMinute, maxAddresses, ipv6Prefix, clock, null);
  }

  /**
   * A limiter whose budgets are shared by a cluster through {@code shared} (see the class comment).
   *
   * @param burst counted failures an address may have in a row before it is refused
   * @param perMinute counted failures per minute an address may sustain
   * @param maxAddresses the most addresses tracked at once
   * @param ipv6Prefix the IPv6 prefix length one bucket covers, 1 to 128
   * @param clock the time source
   * @param shared the cluster's counts, or null to count in this process only
   * @throws IllegalArgumentException when a number is out of range
   */
  public FailureRateLimiter(
      int burst,
      int perMinute,
      int maxAddresses,
      int ipv6Prefix,
      Clock clock,
      @Nullable SharedFailureCounts shared) {
    if (burst < 1 || perMinute < 1 || maxAddresses < 1) {
      throw new IllegalArgumentException("burst, perMinute and maxAddresses must be positive");
    }
    if (ipv6Prefix < 1 || ipv6Prefix > 128) {
      throw new IllegalArgumentException("ipv6Prefix must be 1 to 128, got " + ipv6Prefix);
    }
    this.burst = burst;
    this.tokensPerMilli = perMinute / 60_000.0;
    this.maxAddresses = maxAddresses;
    this.ipv6Prefix = ipv6Prefix;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.shared = shared;
  }

  /**
   * Whether a handshake refused with {@code failure} spends its address's budget: a malformed,
   * forged, oversized or ambiguous token or request. Expiry, a missing token, an issuer, audience,
   * scope, origin or revocation refusal, our own trouble (5xx), throttling itself and the
   * transport's refusals do not.
   */
  public static boolean counts(Failure failure) {
    return COUNTED.contains(failure);
  }

  /**
   * How long {@code address} must wait before its next handshake is considered; {@link
   * Duration#ZERO} when it may proceed now.
   */
  public Duration retryAfter(String address) {
    String key = key(address, ipv6Prefix);
    Bucket b = buckets.get(key);
    if (shared != null) {
      long now = clock.millis();
      long cluster = Math.max(0, shared.refusedUntilMillis(key) - now);
      long local = b == null ? 0 : localWaitMillis(b, now);
      return local == 0 && cluster == 0
          ? Duration.ZERO
          : Duration.ofMillis(Math.max(local, cluster));
    }
    return b == null ? Duration.ZERO : Duration.ofMillis(localWaitMillis(b, clock.millis()));
  }

  private long localWaitMillis(Bucket b, long now) {
    synchronized (b) {
      refill(b, now);
      return b.tokens >= 1 ? 0 : (long) Math.ceil((1 - b.tokens) / tokensPerMilli);
    }
  }

  /** Takes one token from {@code address}'s bucket after a counted failure. */
  public void recordFailure(String address) {
    String key = key(address, ipv6Prefix);
    long now = clock.millis();
    while (true) {
      Bucket b = buckets.get(key);
      if (b == null) {
        b = insert(key, now);
      }
      synchronized (b) {
        if (b.evicted) {
          continue; // replaced between the lookup and the lock: count in the new bucket
        }
        refill(b, now);
        b.tokens = Math.max(0, b.tokens - 1);
        b.fullAtMillis = now + (long) Math.ceil((burst - b.tokens) / tokensPerMilli);
        break;
      }
    }
    if (shared != null) {
      shared.recordFailure(key);
    }
  }

  /** The number of addresses tracked (for metrics and tests). */
  public int trackedAddresses() {
    return buckets.size();
  }

  /**
   * The bucket key of {@code address}: an IPv4-mapped IPv6 address becomes its IPv4 address, any
   * other IPv6 literal (with or without brackets or a zone) its first {@code ipv6Prefix} bits
   * written as {@code 2001:db8:0:1:0:0:0:0/64}; everything else is returned unchanged. Never
   * resolves a name.
   */
  static String key(String address, int ipv6Prefix) {
    return address.indexOf(':') < 0 ? address : Ipv6Keys.key(address, ipv6Prefix);
  }

  private Bucket insert(String key, long now) {
    synchronized (table) {
      Bucket existing = buckets.get(key);
      if (existing != null) {
        return existing;
      }
      int slot;
      if (used < maxAddresses) {
        if (used == slots.length) {
          Bucket[] grown = new Bucket[(int) Math.min(maxAddresses, 2L * slots.length)];
          System.arraycopy(slots, 0, grown, 0, used);
          slots = grown;
        }
        slot = used++;
      } else {
        slot = victim();
        Bucket old = slots[slot];
        synchronized (old) {
          old.evicted = true;
        }
        buckets.remove(old.key, old);
      }
      Bucket b = new Bucket(key, burst, now);
      slots[slot] = b;
      buckets.put(key, b);
      return b;
    }
  }

  /**
   * The slot whose bucket is full again soonest, that is has the most tokens now, among {@value
   * #SAMPLE} picked at random (among all of them when there are no more).
   */
  private int victim() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    boolean all = used <= SAMPLE;
    int best = -1;
    long soonest = Long.MAX_VALUE;
    for (int i = 0; i < (all ? used : SAMPLE); i++) {
      int slot = all ? i : random.nextInt(used);
      long fullAt = slots[slot].fullAtMillis;
      if (fullAt < soonest || best < 0) {
        soonest = fullAt;
        best = slot;
      }
    }
    return best;
  }

  private void refill(Bucket b, long now) {
    long elapsed = Math.max(0, now - b.updatedMillis);
    b.tokens = Math.min(burst, b.tokens + elapsed * tokensPerMilli);
    b.updatedMillis = now;
  }
}
