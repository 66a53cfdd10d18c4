package dev.wsgate.cluster;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Open-connection limits (in total and per tenant and subject) held for a whole cluster: each open
 * connection holds a lease that its instance keeps alive, so the connections of an instance that
 * stops renewing (crashed, cut off) stop counting once its leases expire.
 *
 * <p>{@link #acquire} is called on the handshake path and must answer from local memory: it never
 * waits on the network. An implementation shares its counts in the background and says how far the
 * cluster can exceed a limit between two exchanges (its documented overshoot), and what it enforces
 * while the shared store is unreachable ({@link #degraded()}).
 *
 * <p>Thread-safe. {@link #close()} stops background work and gives the instance's leases back when
 * it can; it does not wait long for a store that does not answer.
 */
public interface ConnectionLeases extends AutoCloseable {

  /** One open connection's lease; {@link #release()} gives it back, later calls do nothing. */
  interface Lease {
    /** Gives the lease back when its connection closes. Never blocks; idempotent. */
    void release();
  }

  /** The limit that refused a lease. */
  enum Limit {
    /** The total number of open connections. */
    TOTAL,
    /** The number of open connections of one tenant and subject. */
    SUBJECT
  }

  /**
   * A lease, or the limit that refused one.
   *
   * @param lease the lease when granted, null when refused
   * @param refusedBy the limit that refused it, null when granted
   */
  record Outcome(@Nullable Lease lease, @Nullable Limit refusedBy) {
    /** Refused by the total limit. */
    public static final Outcome TOTAL_REACHED = new Outcome(null, Limit.TOTAL);

    /** Refused by the per-subject limit. */
    public static final Outcome SUBJECT_REACHED = new Outcome(null, Limit.SUBJECT);

    /** Exactly one of the two is set. */
    public Outcome {
      if ((lease == null) == (refusedBy == null)) {
        throw new IllegalArgumentException("an outcome is a lease or a refusal");
      }
    }

    /** A granted lease. */
    public static Outcome granted(Lease lease) {
      return new Outcome(Objects.requireNonNull(lease, "lease"), null);
    }
  }

  /**
   * Takes a lease for one more open connection of {@code subject} in {@code tenant}, or refuses it.
   * Answers from local memory; never blocks, never throws.
   */
  Outcome acquire(String tenant, String subject);

  /**
   * Whether the limits are enforced on this instance's own fallback budget because the shared store
   * has not answered lately (for readiness checks and metrics).
   */
  boolean degraded();

  /** Stops background work; gives this instance's leases back if the store answers promptly. */
  @Override
  void close();
}
