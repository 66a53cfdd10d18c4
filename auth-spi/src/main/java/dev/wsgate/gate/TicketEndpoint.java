package dev.wsgate.gate;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The ticket endpoint, {@code POST {upgrade path}/ticket}, framework-neutral: the request is judged
 * by the gate ({@link HandshakeGate#beginTicketRequest}: the upgrade's failures and statuses), and
 * a verified token gets {@code 200 {"ticket":"…","expires_in":30}}. CORS: every answer to an
 * allowed origin carries {@code Access-Control-Allow-Origin: <that origin>} and {@code Vary:
 * Origin} ({@code Access-Control-Allow-Credentials: true} only for a tenant that reads a cookie),
 * so that the page can read the status; an answer to any other origin carries no CORS header. A
 * preflight ({@code OPTIONS}) from an allowed origin gets 204 with {@code
 * Access-Control-Allow-Methods: POST} and {@code Access-Control-Allow-Headers: authorization,
 * content-type}; from any other, 403.
 *
 * <p>An adapter passes requests whose path is {@code {upgrade path}/ticket} with the path set to
 * the upgrade path, so that tenants resolve as for an upgrade; it writes every answer as it stands
 * and then closes the connection. Thread-safe.
 */
public final class TicketEndpoint {
  /** The path suffix of the endpoint after a tenant's upgrade path. */
  public static final String PATH_SUFFIX = "/ticket";

  private final HandshakeGate gate;

  /** The endpoint of {@code gate}'s tenants that have tickets ({@link TenantPolicy#tickets()}). */
  public TicketEndpoint(HandshakeGate gate) {
    this.gate = gate;
  }

  /**
   * {@code request} with the upgrade path when its path is {@code {upgrade path}/ticket} for one of
   * {@code upgradePaths}, so that its tenant resolves as an upgrade's; empty for any other path.
   */
  public static Optional<HandshakeRequest> asUpgradePath(
      HandshakeRequest request, Set<String> upgradePaths) {
    String path = request.path();
    if (!path.endsWith(PATH_SUFFIX)) {
      return Optional.empty();
    }
    String upgradePath = path.substring(0, path.length() - PATH_SUFFIX.length());
    return upgradePaths.contains(upgradePath)
        ? Optional.of(
            new HandshakeRequest(
                upgradePath, request.rawQuery(), request.headers(), request.remoteAddress()))
        : Optional.empty();
  }

  /** Begins judging a {@code POST}: a final decision, or a verification to complete. */
  public Evaluation begin(HandshakeRequest request) {
    return gate.beginTicketRequest(request);
  }

  /**
   * The answer for the decision {@link #begin} led to: a ticket for an accepted request, the
   * refusal otherwise. Never throws.
   */
  public HttpAnswer answer(Decision decision, HandshakeRequest request) {
    String origin = request.headers().first("Origin").orElse("");
    if (decision instanceof Decision.Accepted accepted) {
      TenantPolicy tenant = gate.tenants().get(accepted.tenant());
      try {
        IssuedTicket ticket = tenant.tickets().orElseThrow().issue(accepted.token(), origin);
        byte[] body = ticket.json().getBytes(StandardCharsets.UTF_8);
        List<Refusal.Header> headers = new ArrayList<>();
        headers.add(new Refusal.Header("Content-Type", "application/json"));
        headers.add(new Refusal.Header("Content-Length", Integer.toString(body.length)));
        headers.add(new Refusal.Header("Connection", "close"));
        headers.add(new Refusal.Header("Cache-Control", "no-store"));
        cors(headers, tenant, origin);
        return new HttpAnswer(200, "OK", headers, body);
      } catch (AuthenticationException e) {
        return refused(Refusal.of(e.failure(), e.getMessage()), tenant, origin);
      }
    }
    if (decision instanceof Decision.Rejected rejected) {
      TenantPolicy tenant = gate.tenants().get(rejected.tenant());
      boolean allowed =
          tenant != null && !origin.isEmpty() && tenant.origins().check(origin).allowed();
      return refused(rejected.refusal(), allowed ? tenant : null, origin);
    }
    return refused(Refusal.of(Failure.INTERNAL_ERROR, ""), null, origin);
  }

  /** The answer to a CORS preflight ({@code OPTIONS}). */
  public HttpAnswer preflight(HandshakeRequest request) {
    Optional<TenantPolicy> tenant = gate.resolve(request);
    if (tenant.isEmpty() || tenant.get().tickets().isEmpty()) {
      return refused(
          Refusal.of(Failure.NO_ENDPOINT, "tickets are not enabled for this endpoint"), null, "");
    }
    String origin = request.headers().first("Origin").orElse("");
    if (origin.isEmpty() || !tenant.get().origins().check(origin).allowed()) {
      return refused(Refusal.of(Failure.ORIGIN_NOT_ALLOWED, "origin is not allowed"), null, "");
    }
    List<Refusal.Header> headers = new ArrayList<>();
    headers.add(new Refusal.Header("Content-Length", "0"));
    headers.add(new Refusal.Header("Connection", "close"));
    cors(headers, tenant.get(), origin);
    headers.add(new Refusal.Header("Access-Control-Allow-Methods", "POST"));
    headers.add(new Refusal.Header("Access-Control-Allow-Headers", "authorization, content-type"));
    headers.add(new Refusal.Header("Access-Control-Max-Age", "600"));
    return new HttpAnswer(204, "No Content", headers, new byte[0]);
  }

  /** A refusal as the endpoint answers it; with CORS headers when {@code tenant} is given. */
  private static HttpAnswer refused(Refusal refusal, @Nullable TenantPolicy tenant, String origin) {
    List<Refusal.Header> headers = new ArrayList<>(refusal.headers());
    if (tenant != null) {
      cors(headers, tenant, origin);
      // a page reads only safelisted headers unless told: the client honours Retry-After
      headers.add(new Refusal.Header("Access-Control-Expose-Headers", "Retry-After"));
    }
    return new HttpAnswer(
        refusal.status(), refusal.failure().httpReasonPhrase(), headers, refusal.body());
  }

  private static void cors(List<Refusal.Header> headers, TenantPolicy tenant, String origin) {
    headers.add(new Refusal.Header("Access-Control-Allow-Origin", origin));
    headers.add(new Refusal.Header("Vary", "Origin"));
    if (tenant.extractors().stream().anyMatch(e -> e instanceof CookieExtractor)) {
      headers.add(new Refusal.Header("Access-Control-Allow-Credentials", "true"));
    }
  }
}
