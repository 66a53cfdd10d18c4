package dev.wsgate.server;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.TimeWindow;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * In-band token refresh ({@code wsgate.session.refresh=true}): a text message {@code
 * {"type":"wsgate.refresh","token":"…"}} replaces the connection's token before it expires. The new
 * token passes the tenant's verifier, the expiry check and the revocation checks again, and must
 * name the same subject and issuer; then the expiry close is re-armed and the client gets {@code
 * {"type":"wsgate.refreshed","exp":<epoch seconds>}}. A refused refresh closes the connection with
 * its failure's close code (DESIGN.md: expiry, revocation and failed refresh close open sockets).
 */
final class SessionRefresh {
  static final String TYPE = "wsgate.refresh";

  private static final Pattern REFRESH_PREFIX =
      Pattern.compile("\\{\\s*\"type\"\\s*:\\s*\"wsgate\\.refresh\"");

  private final HandshakeGate gate;
  private final GuardedGate guard;
  private final Clock clock;

  SessionRefresh(HandshakeGate gate, GuardedGate guard, Clock clock) {
    this.gate = gate;
    this.guard = guard;
    this.clock = clock;
  }

  /** The token of a refresh message; empty for any other message. */
  static Optional<String> tokenOf(String text) {
    String t = text.trim();
    if (!t.startsWith("{") || !t.contains(TYPE)) {
      return Optional.empty();
    }
    try {
      Map<String, Object> json = JSONObjectUtils.parse(t);
      if (!TYPE.equals(json.get("type"))) {
        return Optional.empty();
      }
      Object token = json.get("token");
      return Optional.of(token instanceof String ? (String) token : "");
    } catch (ParseException e) {
      // a frame that opens like a refresh but is not JSON is a malformed refresh (closed with
      // 4001), never an application message
      return REFRESH_PREFIX.matcher(t).lookingAt() ? Optional.of("") : Optional.empty();
    }
  }

  /**
   * Verifies {@code token} for {@code session}'s tenant.
   *
   * @return the new identity, attributed to the tenant
   * @throws AuthenticationException why it was refused
   */
  VerifiedToken verify(Session session, String token) throws AuthenticationException {
    VerifiedToken current = session.token();
    TenantPolicy tenant = gate.tenants().get(current.tenant());
    if (tenant == null || token.isEmpty()) {
      throw new AuthenticationException(Failure.BAD_REQUEST, "a refresh needs a token");
    }
    if (token.getBytes(StandardCharsets.UTF_8).length > tenant.maxTokenBytes()) {
      throw new AuthenticationException(Failure.TOKEN_TOO_LARGE);
    }
    Instant now = clock.instant();
    VerificationContext context = VerificationContext.of(tenant.id(), session.origin(), now);
    VerifiedToken fresh = guard.verify(tenant.verifier(), token, context).withTenant(tenant.id());
    Optional<Instant> exp = fresh.expiresAt();
    if (exp.isPresent() && TimeWindow.expired(exp.get(), now, tenant.clockSkew())) {
      throw new AuthenticationException(Failure.EXPIRED, "token expired");
    }
    if (!fresh.subject().equals(current.subject()) || !fresh.issuer().equals(current.issuer())) {
      // a failed refresh closes with 4001 (the 401 family: sign in again); the token proves
      // someone, but not the identity this connection was opened with
      throw new AuthenticationException(
          Failure.WRONG_ISSUER, "a refresh must carry a token for the same subject and issuer");
    }
    if (gate.isRevoked(fresh, now)) {
      throw new AuthenticationException(Failure.REVOKED);
    }
    return fresh;
  }

  /**
   * The close code of a refused refresh: the 401 family's own (4001, or 4002 for an expired token);
   * a malformed refresh frame is 4001 too, as the client must start over; trouble on our side
   * (provider unavailable, internal error) keeps its table code so that the client retries.
   */
  static int closeCode(Failure failure) {
    int status = failure.httpStatus();
    if (status == 401) {
      return failure.closeCode();
    }
    return status >= 400 && status < 500
        ? Failure.MALFORMED_TOKEN.closeCode()
        : failure.closeCode();
  }

  /** The acknowledgement sent after a successful refresh. */
  static String refreshed(VerifiedToken token) {
    return "{\"type\":\"wsgate.refreshed\",\"exp\":"
        + token.expiresAt().map(Instant::getEpochSecond).map(String::valueOf).orElse("null")
        + "}";
  }
}
