package dev.wsgate.gate;

import java.time.Instant;
import java.util.Optional;

/**
 * Where issued tickets wait for their one redemption. {@link InMemoryTicketStore} serves a single
 * instance; a store shared by a cluster (so that a ticket issued by one instance is redeemable on
 * any) implements this interface over that store.
 *
 * <p>Keys are digests of tickets, never tickets: whoever reads the store cannot redeem what it
 * holds. Implementations are thread-safe; they must not block for long (the gate calls {@link
 * #take} while it decides an upgrade) and must not throw for a key they do not hold.
 */
public interface TicketStore {

  /**
   * Keeps {@code grant} under {@code key} until {@link TicketGrant#expiresAt()}.
   *
   * @return false when the store is full (nothing was stored)
   */
  boolean put(String key, TicketGrant grant, Instant now);

  /**
   * Removes the grant under {@code key} and returns it unless it has expired at {@code now}.
   * Atomic: of two concurrent calls with one key, at most one gets the grant.
   */
  Optional<TicketGrant> take(String key, Instant now);
}
