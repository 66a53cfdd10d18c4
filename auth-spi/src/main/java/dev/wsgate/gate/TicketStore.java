package dev.wsgate.gate;

import dev.wsgate.spi.AuthenticationException;
import java.time.Instant;
import java.util.Optional;

/**
 * Where issued tickets wait for their one redemption. {@link InMemoryTicketStore} serves a single
 * instance; a store shared by a cluster (so that a ticket issued by one instance is redeemable on
 * any) implements this interface over that store.
 *
 * <p>Keys are digests of tickets, never tickets: whoever reads the store cannot redeem what it
 * holds. Implementations are thread-safe; they must not block for long (the gate calls {@link
 * #take} while it decides an upgrade) and must not throw for a key they do not hold. A shared store
 * that cannot answer in time fails closed: it throws {@link AuthenticationException} with {@link
 * dev.wsgate.spi.Failure#TICKET_STORE_UNAVAILABLE}, and the ticket is neither issued nor redeemed.
 */
public interface TicketStore {

  /**
   * Keeps {@code grant} under {@code key} until {@link TicketGrant#expiresAt()}.
   *
   * @return false when the store is full (nothing was stored)
   * @throws AuthenticationException when a shared store cannot be reached in time
   */
  boolean put(String key, TicketGrant grant, Instant now) throws AuthenticationException;

  /**
   * Removes the grant under {@code key} and returns it unless it has expired at {@code now}.
   * Atomic: of two concurrent calls with one key, at most one gets the grant.
   *
   * @throws AuthenticationException when a shared store cannot be reached in time
   */
  Optional<TicketGrant> take(String key, Instant now) throws AuthenticationException;
}
