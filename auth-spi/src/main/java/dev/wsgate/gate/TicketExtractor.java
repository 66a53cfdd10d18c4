package dev.wsgate.gate;

import dev.wsgate.spi.AuthenticationException;
import java.util.Optional;

/**
 * {@code ?ticket=…}: a one-time ticket instead of a token. The gate redeems what it finds with
 * {@link #tickets()} instead of giving it to the verifier. Put in front of a tenant's extractors.
 */
final class TicketExtractor implements TokenExtractor {
  private final QueryExtractor query;
  private final String parameter;
  private final Tickets tickets;

  TicketExtractor(String parameter, Tickets tickets) {
    this.query = new QueryExtractor(parameter);
    this.parameter = parameter;
    this.tickets = tickets;
  }

  @Override
  public String name() {
    return "ticket";
  }

  @Override
  public Optional<String> extract(HandshakeRequest request) throws AuthenticationException {
    return query.extract(request);
  }

  /** Where the tickets this extractor finds were issued. */
  Tickets tickets() {
    return tickets;
  }

  @Override
  public String toString() {
    return "ticket(" + parameter + ")";
  }
}
