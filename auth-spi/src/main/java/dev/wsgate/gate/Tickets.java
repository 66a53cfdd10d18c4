package dev.wsgate.gate;

import dev.wsgate.internal.Digests;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One-time tickets: a page exchanges its token for a ticket over an ordinary authenticated HTTPS
 * request, then opens {@code wss://…?ticket=…}, so that the long-lived token stays out of URLs,
 * access logs and history. A ticket is 256 random bits, redeemable once, within its time to live,
 * at the tenant of the token it was issued for and from the origin it was issued to; the connection
 * then carries that token (its {@code exp} closes the connection; in-band refresh works as with a
 * token).
 *
 * <p>{@link #issue} is the library API for an application that mints tickets from its own endpoint,
 * after verifying the token itself. Thread-safe.
 */
public final class Tickets {
  /** The default time to live. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);

  /** The longest time to live: a ticket is for the next few seconds, not a session. */
  public static final Duration MAX_TTL = Duration.ofMinutes(5);

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final TicketStore store;
  private final Duration ttl;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /**
   * Tickets kept in {@code store} for {@code ttl}.
   *
   * @throws IllegalArgumentException when {@code ttl} is not positive or longer than {@link
   *     #MAX_TTL}
   */
  public Tickets(TicketStore store, Duration ttl, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException(
          "a ticket's time to live must be more than 0s and at most 5m: " + ttl);
    }
    this.ttl = ttl;
  }

  /** Tickets in an {@link InMemoryTicketStore} of the default size. */
  public static Tickets inMemory(Duration ttl, Clock clock) {
    return new Tickets(
        new InMemoryTicketStore(InMemoryTicketStore.DEFAULT_MAX_ENTRIES), ttl, clock);
  }

  /** How long an issued ticket may be redeemed. */
  public Duration ttl() {
    return ttl;
  }

  /**
   * Issues a ticket for {@code verifiedToken} (already verified, attributed to its tenant) to be
   * redeemed from {@code origin}.
   *
   * @param origin the {@code Origin} of the page that asked, as sent
   * @throws IllegalArgumentException when {@code origin} is not a serialized http(s) origin
   * @throws AuthenticationException {@link Failure#RATE_LIMITED} when the store is full, {@link
   *     Failure#TICKET_STORE_UNAVAILABLE} when a shared store cannot be reached in time
   */
  public IssuedTicket issue(VerifiedToken verifiedToken, String origin)
      throws AuthenticationException {
    Objects.requireNonNull(verifiedToken, "verifiedToken");
    String normalized =
        SerializedOrigin.parse(Objects.requireNonNull(origin, "origin"))
            .orElseThrow(() -> new IllegalArgumentException("not an http(s) origin: " + origin))
            .toString();
    byte[] bits = new byte[32];
    random.nextBytes(bits);
    String value = BASE64URL.encodeToString(bits);
    Instant now = clock.instant();
    if (!store.put(key(value), new TicketGrant(verifiedToken, normalized, now.plus(ttl)), now)) {
      throw new AuthenticationException(
          Failure.RATE_LIMITED, "too many tickets are outstanding; retry later");
    }
    return new IssuedTicket(value, ttl);
  }

  /**
   * Redeems a ticket: takes it from the store (it can never be redeemed again, whatever follows)
   * and checks that it is redeemed at {@code tenant} from {@code origin}.
   *
   * @param origin the request's normalized origin, or null when it had none
   * @return the token the ticket was issued for
   * @throws AuthenticationException {@link Failure#INVALID_TICKET} for an unknown, used or expired
   *     ticket, or one issued for another tenant or origin; {@link
   *     Failure#TICKET_STORE_UNAVAILABLE} when a shared store cannot be reached in time
   */
  VerifiedToken redeem(String ticket, String tenant, @Nullable String origin, Instant now)
      throws AuthenticationException {
    Optional<TicketGrant> taken = store.take(key(ticket), now);
    if (taken.isEmpty()) {
      throw new AuthenticationException(
          Failure.INVALID_TICKET, "the ticket is unknown, already used or expired");
    }
    TicketGrant grant = taken.get();
    if (!grant.token().tenant().equals(tenant)) {
      throw new AuthenticationException(
          Failure.INVALID_TICKET, "the ticket was issued for another tenant");
    }
    if (!grant.origin().equals(origin)) {
      throw new AuthenticationException(
          Failure.INVALID_TICKET, "the ticket was issued to another origin");
    }
    return grant.token();
  }

  /** The store's key of a ticket: its SHA-256, so that the store holds nothing redeemable. */
  private static String key(String ticket) {
    return BASE64URL.encodeToString(
        Digests.sha256().digest(ticket.getBytes(StandardCharsets.UTF_8)));
  }
}
