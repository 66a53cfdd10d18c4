package dev.wsgate.adapter.javawebsocket;

import dev.wsgate.internal.firstmessage.PendingAuthentications;

/**
 * Who may hold how many open connections.
 *
 * @param maxConnections open connections in total, 0 for no limit ({@code
 *     wsgate.limits.max-connections}); one more gets 429 at the upgrade
 * @param maxConnectionsPerSubject open connections per tenant and subject, 0 for no limit ({@code
 *     wsgate.limits.max-connections-per-subject})
 * @param maxPendingAuthentications connections upgraded without a token that wait for their
 *     authentication frame, in total ({@code wsgate.auth.max-pending}); one more gets 429
 * @param maxPendingAuthenticationsPerAddress the same per client address ({@code
 *     wsgate.auth.max-pending-per-address})
 */
public record ConnectionLimits(
    int maxConnections,
    int maxConnectionsPerSubject,
    int maxPendingAuthentications,
    int maxPendingAuthenticationsPerAddress) {

  /**
   * Default {@code wsgate.limits.max-connections}: none. One instance holds tens of thousands of
   * idle sockets (the bench's hold mode keeps 10,000 open on one token), so any fixed number would
   * be wrong for someone; SECURITY.md recommends values per deployment.
   */
  public static final int DEFAULT_MAX_CONNECTIONS = 0;

  /** Default {@code wsgate.limits.max-connections-per-subject}: none (service tokens share one). */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_SUBJECT = 0;

  /** Default {@code wsgate.auth.max-pending}. */
  public static final int DEFAULT_MAX_PENDING_AUTHENTICATIONS =
      PendingAuthentications.DEFAULT_MAX_TOTAL;

  /** Default {@code wsgate.auth.max-pending-per-address}. */
  public static final int DEFAULT_MAX_PENDING_AUTHENTICATIONS_PER_ADDRESS =
      PendingAuthentications.DEFAULT_MAX_PER_ADDRESS;

  /** Validates the components. */
  public ConnectionLimits {
    if (maxConnections < 0 || maxConnectionsPerSubject < 0) {
      throw new IllegalArgumentException("connection limits must be 0 (none) or positive");
    }
    if (maxPendingAuthentications < 1 || maxPendingAuthenticationsPerAddress < 1) {
      throw new IllegalArgumentException("pending-authentication caps must be at least 1");
    }
  }

  /** Open-connection limits with the default pending-authentication caps. */
  public ConnectionLimits(int maxConnections, int maxConnectionsPerSubject) {
    this(
        maxConnections,
        maxConnectionsPerSubject,
        DEFAULT_MAX_PENDING_AUTHENTICATIONS,
        DEFAULT_MAX_PENDING_AUTHENTICATIONS_PER_ADDRESS);
  }

  /** The defaults: no limit in total or per subject; the default pending-authentication caps. */
  public static ConnectionLimits defaults() {
    return new ConnectionLimits(DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_SUBJECT);
  }
}
