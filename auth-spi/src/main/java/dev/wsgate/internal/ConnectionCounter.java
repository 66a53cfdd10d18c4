package dev.wsgate.internal;

import dev.wsgate.cluster.ConnectionLeases;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;

/**
 * Counts open connections in total and per tenant and subject, and refuses a permit beyond the
 * limits ({@code wsgate.limits.*}), for every transport. A permit is taken when the gate accepts an
 * upgrade and released exactly once when that connection closes. With a cluster's {@link
 * ConnectionLeases}, the limits are the cluster's: the leases decide and this counter only counts
 * the instance's open connections. Thread-safe.
 */
public final class ConnectionCounter {
  private final int maxTotal;
  private final int maxPerSubject;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> perSubject = new ConcurrentHashMap<>();
  private final @Nullable ConnectionLeases cluster;

  private static final AtomicIntegerFieldUpdater<Permit> RELEASED =
      AtomicIntegerFieldUpdater.newUpdater(Permit.class, "released");

  /**
   * A counter deciding by {@code cluster}'s leases when it is given, by the two limits if not.
   *
   * @param maxTotal open connections in total, 0 for no limit
   * @param maxPerSubject open connections per tenant and subject, 0 for no limit
   * @param cluster the cluster's connection limits; null for this process's own
   */
  public ConnectionCounter(int maxTotal, int maxPerSubject, @Nullable ConnectionLeases cluster) {
    this.maxTotal = maxTotal;
    this.maxPerSubject = maxPerSubject;
    this.cluster = cluster;
  }

  /** One open connection's share of the limits. */
  public final class Permit {
    private final @Nullable String key;
    private final ConnectionLeases.@Nullable Lease lease;

    /** 1 once released; a field, not an {@code AtomicBoolean}: one permit per open connection. */
    volatile int released;

    private Permit(@Nullable String key) {
      this(key, null);
    }

    private Permit(@Nullable String key, ConnectionLeases.@Nullable Lease lease) {
      this.key = key;
      this.lease = lease;
    }

    /** Gives the share back; later calls do nothing. */
    public void release() {
      if (RELEASED.compareAndSet(this, 0, 1)) {
        if (key != null) {
          perSubject.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
        }
        if (lease != null) {
          lease.release();
        }
        total.decrementAndGet();
      }
    }
  }

  /** A permit, or the reason for refusing one. */
  public record Outcome(Optional<Permit> permit, String refusal) {}

  public Outcome acquire(String tenant, String subject) {
    if (cluster != null) {
      return acquireLease(cluster, tenant, subject);
    }
    if (total.incrementAndGet() > maxTotal && maxTotal > 0) {
      total.decrementAndGet();
      return new Outcome(Optional.empty(), "the server holds its maximum number of connections");
    }
    if (maxPerSubject <= 0) {
      return new Outcome(Optional.of(new Permit(null)), ""); // nothing to count per subject
    }
    String key = tenant + '\u0000' + subject;
    boolean[] over = {false};
    perSubject.compute(
        key,
        (k, n) -> {
          int next = n == null ? 1 : n + 1;
          if (maxPerSubject > 0 && next > maxPerSubject) {
            over[0] = true;
            return n;
          }
          return next;
        });
    if (over[0]) {
      total.decrementAndGet();
      return new Outcome(Optional.empty(), "this subject holds its maximum number of connections");
    }
    return new Outcome(Optional.of(new Permit(key)), "");
  }

  private Outcome acquireLease(ConnectionLeases cluster, String tenant, String subject) {
    ConnectionLeases.Outcome o = cluster.acquire(tenant, subject);
    ConnectionLeases.Lease lease = o.lease();
    if (lease == null) {
      return new Outcome(
          Optional.empty(),
          o.refusedBy() == ConnectionLeases.Limit.TOTAL
              ? "the cluster holds its maximum number of connections"
              : "this subject holds its maximum number of connections");
    }
    total.incrementAndGet();
    return new Outcome(Optional.of(new Permit(null, lease)), "");
  }

  public int open() {
    return total.get();
  }
}
