package dev.wsgate.cluster.redis;

import dev.wsgate.gate.TicketGrant;
import dev.wsgate.gate.TicketStore;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import io.lettuce.core.SetArgs;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Tickets in Redis, so that any instance redeems what any instance issued: one key per ticket
 * digest ({@code PREFIX:ticket:DIGEST}) holding the grant as JSON, written with {@code SET … PX NX}
 * (Redis drops it when its time to live ends) and taken with {@code GETDEL}, which is atomic: of
 * two redemptions, one gets the grant. Fails closed: when Redis does not answer within the command
 * timeout, neither issuing nor redeeming succeeds.
 */
final class RedisTicketStore implements TicketStore {
  private static final System.Logger LOG = System.getLogger(RedisTicketStore.class.getName());

  private final RedisLink link;
  private final KeyPrefix prefix;

  RedisTicketStore(RedisLink link, KeyPrefix prefix) {
    this.link = link;
    this.prefix = prefix;
  }

  @Override
  public boolean put(String key, TicketGrant grant, Instant now) throws AuthenticationException {
    long ttl = Math.max(1, Duration.between(now, grant.expiresAt()).toMillis());
    String value = GrantCodec.encode(grant);
    try {
      return "OK"
          .equals(
              link.await(
                  c -> c.set(prefix.key("ticket", key), value, SetArgs.Builder.px(ttl).nx())));
    } catch (RedisUnavailable e) {
      throw unavailable();
    }
  }

  @Override
  public Optional<TicketGrant> take(String key, Instant now) throws AuthenticationException {
    String value;
    try {
      value = link.await(c -> c.getdel(prefix.key("ticket", key)));
    } catch (RedisUnavailable e) {
      throw unavailable();
    }
    if (value == null) {
      return Optional.empty();
    }
    TicketGrant grant;
    try {
      grant = GrantCodec.decode(value);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cluster: a stored ticket grant could not be read; ticket refused");
      return Optional.empty();
    }
    return grant.expiresAt().isAfter(now) ? Optional.of(grant) : Optional.empty();
  }

  private static AuthenticationException unavailable() {
    return new AuthenticationException(
        Failure.TICKET_STORE_UNAVAILABLE, "the ticket store cannot be reached; retry later");
  }
}
