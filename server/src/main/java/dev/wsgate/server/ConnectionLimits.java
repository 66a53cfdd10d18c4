package dev.wsgate.server;

/**
 * Who may hold how many open connections.
 *
 * @param maxConnections open connections in total, 0 for no limit ({@code
 *     wsgate.limits.max-connections}); one more gets 429 at the upgrade
 * @param maxConnectionsPerSubject open connections per tenant and subject, 0 for no limit ({@code
 *     wsgate.limits.max-connections-per-subject})
 */
public record ConnectionLimits(int maxConnections, int maxConnectionsPerSubject) {

  /** Default {@code wsgate.limits.max-connections}. */
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

  /** Default {@code wsgate.limits.max-connections-per-subject}. */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_SUBJECT = 100;

  /** Validates the components. */
  public ConnectionLimits {
    if (maxConnections < 0 || maxConnectionsPerSubject < 0) {
      throw new IllegalArgumentException("connection limits must be 0 (none) or positive");
    }
  }

  /** The defaults: 10,000 in total, 100 per subject. */
  public static ConnectionLimits defaults() {
    return new ConnectionLimits(DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_SUBJECT);
  }
}
