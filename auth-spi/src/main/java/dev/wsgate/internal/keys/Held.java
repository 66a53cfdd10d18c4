package dev.wsgate.internal.keys;

import java.util.Set;

/**
 * Keys held by a {@link KeySet}, with the times (the key set's clock, epoch millis) that rule them.
 *
 * @param keys the provider's key set
 * @param kids the key ids in it
 * @param refreshAt from when a handshake starts a background refresh
 * @param staleUntil from when the keys are no longer used
 */
record Held<S>(S keys, Set<String> kids, long refreshAt, long staleUntil) {

  static <S> Held<S> of(Fetched<S> fetched, KeyPolicy policy, long now) {
    long ttl = fetched.ttl().toMillis();
    long ahead = Math.min(policy.refreshAhead().toMillis(), ttl / 2);
    long expires = plus(now, ttl);
    return new Held<>(
        fetched.keys(),
        fetched.kids(),
        expires - ahead,
        plus(expires, policy.staleIfError().toMillis()));
  }

  private static long plus(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
