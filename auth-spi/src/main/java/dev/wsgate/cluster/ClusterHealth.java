package dev.wsgate.cluster;

import java.util.Objects;

/**
 * A snapshot of the engine's state, for {@code /readyz} and metrics. Immutable.
 *
 * @param available whether the shared store answers: false while it is unreachable, or while the
 *     circuit breaker keeps calls away from it
 * @param breakerOpen whether the circuit breaker is open (calls fail fast without trying)
 * @param failures calls to the shared store that failed or timed out since start
 * @param detail a short state for humans, such as {@code "connected"}; never a secret
 */
public record ClusterHealth(boolean available, boolean breakerOpen, long failures, String detail) {
  /** Validates the components. */
  public ClusterHealth {
    Objects.requireNonNull(detail, "detail");
  }
}
