package dev.wsgate.gate;

import dev.wsgate.spi.VerifiedToken;
import java.time.Instant;
import java.util.Objects;

/**
 * What redeeming a ticket yields: the verified token it was issued for (attributed to its tenant)
 * and the origin it must be redeemed from. Immutable.
 *
 * @param token the verified token; the connection keeps its {@code exp}
 * @param origin the normalized origin of the page the ticket was issued to
 * @param expiresAt when the ticket can no longer be redeemed
 */
public record TicketGrant(VerifiedToken token, String origin, Instant expiresAt) {
  /** Validates the components. */
  public TicketGrant {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
