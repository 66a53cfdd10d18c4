package dev.wsgate.internal.firstmessage;

import dev.wsgate.gate.Decision;
import dev.wsgate.spi.Failure;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts connections upgraded without a token that have not authenticated yet (first-message
 * authentication), in total and per client address, and refuses one more beyond {@code
 * wsgate.auth.max-pending} / {@code wsgate.auth.max-pending-per-address}: each holds a socket until
 * its frame comes or its timeout closes it. A slot is taken at the upgrade and released exactly
 * once, when the connection authenticates or closes. Thread-safe.
 */
public final class PendingAuthentications {
  /** Default cap on connections waiting in total ({@code wsgate.auth.max-pending}). */
  public static final int DEFAULT_MAX_TOTAL = 10_000;

  /** Default cap per client address ({@code wsgate.auth.max-pending-per-address}). */
  public static final int DEFAULT_MAX_PER_ADDRESS = 100;

  private final int maxTotal;
  private final int maxPerAddress;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> perAddress = new ConcurrentHashMap<>();

  public PendingAuthentications(int maxTotal, int maxPerAddress) {
    this.maxTotal = maxTotal;
    this.maxPerAddress = maxPerAddress;
  }

  /** One waiting connection's slot. */
  public final class Slot {
    private final String address;
    private final AtomicBoolean released = new AtomicBoolean();

    private Slot(String address) {
      this.address = address;
    }

    /** Gives the slot back; later calls do nothing. */
    public void release() {
      if (released.compareAndSet(false, true)) {
        perAddress.computeIfPresent(address, (k, n) -> n <= 1 ? null : n - 1);
        total.decrementAndGet();
      }
    }
  }

  /** A slot for a connection from {@code address}, or empty when a cap is reached. */
  public Optional<Slot> acquire(String address) {
    if (total.incrementAndGet() > maxTotal) {
      total.decrementAndGet();
      return Optional.empty();
    }
    boolean[] over = {false};
    perAddress.compute(
        address,
        (k, n) -> {
          int next = n == null ? 1 : n + 1;
          if (next > maxPerAddress) {
            over[0] = true;
            return n;
          }
          return next;
        });
    if (over[0]) {
      total.decrementAndGet();
      return Optional.empty();
    }
    return Optional.of(new Slot(address));
  }

  /** The refusal (429) of an upgrade of {@code tenant} beyond a cap. */
  public static Decision.Rejected refusal(String tenant) {
    return new Decision.Rejected(
        Failure.RATE_LIMITED,
        "too many connections are waiting to authenticate; retry later",
        tenant,
        "");
  }

  /** Connections waiting now. */
  public int pending() {
    return total.get();
  }
}
