package dev.wsgate.spi;

/**
 * Why a handshake was rejected or an open connection was closed: the one table that maps each
 * outcome to its HTTP status at the upgrade, its WebSocket close code once the socket is open, its
 * metric label and its log reason. No other class holds these numbers. The last rows are refusals
 * of the transport, decided before any tenant or token is looked at (a request that is no upgrade,
 * a wrong path, a slow or oversized request, a wrong version); they never close an open socket, and
 * their close codes are only the nearest standard ones.
 *
 * <p>The metric label and log reason are fixed strings: they never carry user input, so metrics
 * keyed by them have bounded cardinality.
 */
public enum Failure {
  MISSING_TOKEN(401, 4001, "no token in the request"),
  MALFORMED_TOKEN(401, 4001, "token is malformed"),
  INVALID_SIGNATURE(401, 4001, "token signature is invalid"),
  UNKNOWN_KEY(401, 4001, "token is signed with an unknown key"),
  NOT_YET_VALID(401, 4001, "token is not yet valid"),
  WRONG_ISSUER(401, 4001, "token issuer is not accepted"),
  WRONG_AUDIENCE(401, 4001, "token audience is not accepted"),
  UNSUPPORTED_ALGORITHM(401, 4001, "token algorithm is not accepted"),
  REVOKED(401, 4001, "token or subject is revoked"),
  /**
   * An opaque token that its issuer reports as not active (RFC 7662 {@code active: false}):
   * unknown, revoked, expired or never issued; the issuer does not say which.
   */
  TOKEN_INACTIVE(401, 4001, "token is not active"),
  SUBJECT_MISMATCH(401, 4001, "refresh token is for another subject"),
  INVALID_TICKET(401, 4001, "ticket is unknown, used, expired or not issued here"),
  EXPIRED(401, 4002, "token expired"),
  ORIGIN_NOT_ALLOWED(403, 4003, "origin is not allowed"),
  INSUFFICIENT_SCOPE(403, 4003, "token lacks a required scope"),
  AMBIGUOUS_TOKEN(400, 1008, "request carries more than one token"),
  BAD_REQUEST(400, 1008, "malformed handshake request"),
  TOKEN_TOO_LARGE(431, 1009, "token is too large"),
  RATE_LIMITED(429, 1013, "too many requests"),
  PROVIDER_UNAVAILABLE(503, 1013, "identity provider unavailable"),
  /**
   * The shared store of one-time tickets (cluster mode) cannot be reached in time: a ticket can be
   * neither issued nor redeemed, since redeeming one twice must stay impossible.
   */
  TICKET_STORE_UNAVAILABLE(503, 1013, "ticket store unavailable"),
  INTERNAL_ERROR(500, 1011, "internal error"),
  NOT_AN_UPGRADE(400, 1002, "not a WebSocket upgrade request"),
  NO_ENDPOINT(404, 1008, "no WebSocket endpoint at this path"),
  REQUEST_TIMEOUT(408, 1008, "upgrade request not completed in time"),
  UNSUPPORTED_VERSION(426, 1002, "unsupported Sec-WebSocket-Version"),
  REQUEST_TOO_LARGE(431, 1009, "upgrade request is too large");

  private final int httpStatus;
  private final int closeCode;
  private final String logReason;

  Failure(int httpStatus, int closeCode, String logReason) {
    this.httpStatus = httpStatus;
    this.closeCode = closeCode;
    this.logReason = logReason;
  }

  /** The HTTP status answered instead of {@code 101 Switching Protocols}. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The standard reason phrase of {@link #httpStatus()}, for the status line. */
  public String httpReasonPhrase() {
    switch (httpStatus) {
      case 400:
        return "Bad Request";
      case 401:
        return "Unauthorized";
      case 403:
        return "Forbidden";
      case 404:
        return "Not Found";
      case 408:
        return "Request Timeout";
      case 426:
        return "Upgrade Required";
      case 429:
        return "Too Many Requests";
      case 431:
        return "Request Header Fields Too Large";
      case 503:
        return "Service Unavailable";
      default:
        return "Internal Server Error";
    }
  }

  /** The WebSocket close code used when this failure ends a connection that is already open. */
  public int closeCode() {
    return closeCode;
  }

  /** A bounded, lower-case metric label such as {@code invalid_signature}. */
  public String metricLabel() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** A short fixed phrase for logs and, when nothing more specific is known, for clients. */
  public String logReason() {
    return logReason;
  }

  /** Whether the HTTP answer carries {@code WWW-Authenticate: Bearer error="invalid_token"}. */
  public boolean isAuthenticationChallenge() {
    return httpStatus == 401;
  }
}
