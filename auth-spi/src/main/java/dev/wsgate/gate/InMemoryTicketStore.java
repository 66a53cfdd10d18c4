package dev.wsgate.gate;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link TicketStore} of a single instance: a concurrent map bounded to {@code maxEntries}.
 * When it is full, expired entries are dropped first; a store still full refuses the ticket.
 * Redeemed and expired-on-redemption entries leave at once. Thread-safe.
 */
public final class InMemoryTicketStore implements TicketStore {
  /** The default bound: a burst of page loads within a ticket's lifetime. */
  public static final int DEFAULT_MAX_ENTRIES = 100_000;

  private final Map<String, TicketGrant> grants = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();
  private final int maxEntries;

  /** A store of at most {@code maxEntries} outstanding tickets. */
  public InMemoryTicketStore(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
    }
    this.maxEntries = maxEntries;
  }

  @Override
  public boolean put(String key, TicketGrant grant, Instant now) {
    if (size.incrementAndGet() > maxEntries) {
      dropExpired(now);
      if (size.get() > maxEntries) {
        size.decrementAndGet();
        return false;
      }
    }
    if (grants.putIfAbsent(key, grant) != null) {
      size.decrementAndGet(); // 256 random bits do not collide; a caller's reused key is refused
      return false;
    }
    return true;
  }

  @Override
  public Optional<TicketGrant> take(String key, Instant now) {
    TicketGrant grant = grants.remove(key);
    if (grant == null) {
      return Optional.empty();
    }
    size.decrementAndGet();
    return grant.expiresAt().isAfter(now) ? Optional.of(grant) : Optional.empty();
  }

  /** Outstanding tickets, expired ones not yet dropped included. */
  public int size() {
    return grants.size();
  }

  private void dropExpired(Instant now) {
    grants.forEach(
        (key, grant) -> {
          if (!grant.expiresAt().isAfter(now) && grants.remove(key, grant)) {
            size.decrementAndGet();
          }
        });
  }
}
