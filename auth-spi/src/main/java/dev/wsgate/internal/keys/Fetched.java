package dev.wsgate.internal.keys;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The result of one successful fetch.
 *
 * @param keys the provider's key set
 * @param kids the key ids it holds: a token naming another {@code kid} may cause a refetch
 * @param ttl how long the set is fresh: the provider's {@code cache-ttl}, or the key server's
 *     {@code Cache-Control: max-age} where the provider honours it
 * @param <S> the provider's key set
 */
public record Fetched<S>(S keys, Set<String> kids, Duration ttl) {
  public Fetched {
    Objects.requireNonNull(keys, "keys");
    kids = Set.copyOf(kids);
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, got " + ttl);
    }
  }
}
