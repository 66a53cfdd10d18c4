package dev.wsgate.gate;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed handshakes per client address with a token bucket: each failure takes a token,
 * tokens come back at a steady rate, and an address with an empty bucket is refused ({@code
 * RATE_LIMITED}, 429 with {@code Retry-After}) before its token is even looked at. Successful
 * handshakes cost nothing, so a legitimate client is never throttled by its own traffic; a brute
 * forcer or a misconfigured client is.
 *
 * <p>Memory is bounded: at most {@code maxAddresses} buckets are tracked; when full, buckets that
 * have refilled completely (idle addresses) are dropped, and if that is not enough the map is
 * cleared, which errs toward letting clients in rather than growing without bound.
 *
 * <p>Thread-safe. Per process: a cluster shares nothing (see the README's scale-out section).
 */
public final class FailureRateLimiter {
  private final int burst;
  private final double tokensPerMilli;
  private final int maxAddresses;
  private final Clock clock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    private double tokens;
    private long updatedMillis;

    Bucket(double tokens, long nowMillis) {
      this.tokens = tokens;
      this.updatedMillis = nowMillis;
    }
  }

  /**
   * @param burst failures an address may have in a row before it is refused
   * @param perMinute failures per minute an address may sustain
   * @param maxAddresses the most addresses tracked at once
   * @param clock the time source
   */
  public FailureRateLimiter(int burst, int perMinute, int maxAddresses, Clock clock) {
    if (burst < 1 || perMinute < 1 || maxAddresses < 1) {
      throw new IllegalArgumentException("burst, perMinute and maxAddresses must be positive");
    }
    this.burst = burst;
    this.tokensPerMilli = perMinute / 60_000.0;
    this.maxAddresses = maxAddresses;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * How long {@code address} must wait before its next handshake is considered; {@link
   * Duration#ZERO} when it may proceed now.
   */
  public Duration retryAfter(String address) {
    Bucket b = buckets.get(address);
    if (b == null) {
      return Duration.ZERO;
    }
    synchronized (b) {
      refill(b, clock.millis());
      if (b.tokens >= 1) {
        return Duration.ZERO;
      }
      return Duration.ofMillis((long) Math.ceil((1 - b.tokens) / tokensPerMilli));
    }
  }

  /** Takes one token from {@code address}'s bucket after a failed handshake. */
  public void recordFailure(String address) {
    long now = clock.millis();
    if (!buckets.containsKey(address) && buckets.size() >= maxAddresses) {
      evictIdle(now);
    }
    Bucket b = buckets.computeIfAbsent(address, a -> new Bucket(burst, now));
    synchronized (b) {
      refill(b, now);
      b.tokens = Math.max(0, b.tokens - 1);
    }
  }

  /** The number of addresses tracked (for metrics and tests). */
  public int trackedAddresses() {
    return buckets.size();
  }

  private void refill(Bucket b, long now) {
    long elapsed = Math.max(0, now - b.updatedMillis);
    b.tokens = Math.min(burst, b.tokens + elapsed * tokensPerMilli);
    b.updatedMillis = now;
  }

  private void evictIdle(long now) {
    buckets
        .values()
        .removeIf(
            b -> {
              synchronized (b) {
                refill(b, now);
                return b.tokens >= burst;
              }
            });
    if (buckets.size() >= maxAddresses) {
      buckets.clear();
    }
  }
}
