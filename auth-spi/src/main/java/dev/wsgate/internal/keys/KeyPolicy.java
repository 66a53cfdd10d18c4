package dev.wsgate.internal.keys;

import java.time.Duration;

/**
 * How a provider's keys age, beyond the fetch's own time to live.
 *
 * @param refreshAhead how long before the end of the time to live a refresh starts in the
 *     background (at most half the time to live)
 * @param staleIfError how long past the time to live the last keys are still used while refreshes
 *     fail
 */
public record KeyPolicy(Duration refreshAhead, Duration staleIfError) {
  public KeyPolicy {
    if (refreshAhead.isNegative() || staleIfError.isNegative()) {
      throw new IllegalArgumentException("durations must not be negative");
    }
  }
}
