package dev.wsgate.cluster;

/**
 * The failed-handshake budget of an address shared by a cluster, beside each instance's own {@link
 * dev.wsgate.gate.FailureRateLimiter} buckets: the limiter reports every counted failure here, and
 * refuses an address the cluster as a whole has refused, so an attacker spreading guesses over N
 * instances gets one budget, not N.
 *
 * <p>Both methods are called on the handshake path and answer from local memory; failures are
 * exchanged with the other instances in the background. An implementation documents how many
 * failures the cluster can accept beyond one budget between two exchanges (its overshoot), and
 * falls back to the per-instance buckets alone while its store is unreachable ({@link
 * #degraded()}).
 *
 * <p>Keys are the limiter's bucket keys (an IPv4 address, an IPv6 prefix such as {@code
 * 2001:db8:0:1:0:0:0:0/64}). Thread-safe.
 */
public interface SharedFailureCounts extends AutoCloseable {

  /** Records one counted failure of {@code key}. Never blocks, never throws. */
  void recordFailure(String key);

  /**
   * Until when (epoch milliseconds) the cluster refuses {@code key}, as last learnt; any value not
   * after the current time means it is not refused. Never blocks, never throws.
   */
  long refusedUntilMillis(String key);

  /** Whether the shared store has not answered lately, so that only local buckets apply. */
  boolean degraded();

  /** Stops background work. */
  @Override
  void close();
}
