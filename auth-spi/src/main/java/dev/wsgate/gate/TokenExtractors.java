package dev.wsgate.gate;

/**
 * The built-in {@link TokenExtractor}s. Every extractor returned is immutable and thread-safe; the
 * factories throw {@link IllegalArgumentException} for a blank setting, at start-up.
 */
public final class TokenExtractors {
  /** How long a connection may wait for its first-message authentication frame by default. */
  public static final java.time.Duration DEFAULT_MESSAGE_TIMEOUT = java.time.Duration.ofSeconds(5);

  private TokenExtractors() {}

  /**
   * The token in a query parameter ({@code ?token=…}), percent-decoded. The same parameter twice
   * with different values is {@code AMBIGUOUS_TOKEN}.
   */
  public static TokenExtractor query(String parameter) {
    return new QueryExtractor(parameter);
  }

  /**
   * The token in a cookie, parsed as RFC 6265 does (several {@code Cookie} headers, quoted values).
   * The same cookie twice with different values is {@code AMBIGUOUS_TOKEN}.
   */
  public static TokenExtractor cookie(String name) {
    return new CookieExtractor(name);
  }

  /**
   * The token in an offered {@code Sec-WebSocket-Protocol} entry: {@code <prefix><token>} (for
   * JWTs, with the default prefix {@code bearer.}) or {@code base64url.<prefix><unpadded
   * base64url>} for opaque tokens. Two token entries are {@code AMBIGUOUS_TOKEN}.
   */
  public static TokenExtractor subprotocol(String prefix) {
    return new SubprotocolExtractor(prefix);
  }

  /** The token in {@code Authorization: Bearer …}, for non-browser clients. */
  public static TokenExtractor header() {
    return new HeaderExtractor();
  }

  /**
   * A one-time ticket in a query parameter ({@code ?ticket=…}), redeemed with {@code tickets}
   * instead of verified. Goes in front of a tenant's other extractors; a ticket together with a
   * token is {@code AMBIGUOUS_TOKEN}.
   */
  public static TokenExtractor ticket(String parameter, Tickets tickets) {
    return new TicketExtractor(parameter, java.util.Objects.requireNonNull(tickets, "tickets"));
  }

  /**
   * First-message authentication: an upgrade with no token in any other source is let through
   * ({@link Decision.AwaitingAuthentication}) and authenticates with its first frame, {@code
   * {"type":"wsgate.auth","token":"…"}}, within {@link #DEFAULT_MESSAGE_TIMEOUT}. It never finds a
   * token in the request itself.
   */
  public static TokenExtractor message() {
    return message(DEFAULT_MESSAGE_TIMEOUT);
  }

  /** {@link #message()} with the time a connection may wait for its authentication frame. */
  public static TokenExtractor message(java.time.Duration timeout) {
    return new MessageExtractor(timeout);
  }

  /**
   * The built-in extractor called {@code name} with its default setting.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static TokenExtractor named(String name, String setting) {
    switch (name) {
      case "query":
        return query(setting == null ? "token" : setting);
      case "cookie":
        return cookie(setting == null ? "wsgate_token" : setting);
      case "subprotocol":
        return subprotocol(setting == null ? Subprotocols.DEFAULT_PREFIX : setting);
      case "header":
        return header();
      case "message":
        return message();
      default:
        throw new IllegalArgumentException(
            "unknown extractor '" + name + "'; known: query, cookie, subprotocol, header, message");
    }
  }
}
