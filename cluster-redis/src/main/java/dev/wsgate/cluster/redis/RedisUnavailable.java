package dev.wsgate.cluster.redis;

/**
 * Redis did not answer in time, refused a command, or is kept away by the circuit breaker. Carries
 * no stack trace: an outage makes it frequent, and its cause is counted in the health.
 */
final class RedisUnavailable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RedisUnavailable() {
    super("redis unavailable", null, false, false);
  }
}
