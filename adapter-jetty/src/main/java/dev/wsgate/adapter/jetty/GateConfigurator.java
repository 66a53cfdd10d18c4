package dev.wsgate.adapter.jetty;

import dev.wsgate.gate.Decision;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The Jakarta side of one accepted handshake: made by {@link WsgateFilter} for a single request
 * after the gate accepted it, so it knows that request's decision (the Jakarta API gives a
 * configurator no way to read servlet request attributes).
 *
 * <p>Jetty calls {@link #checkOrigin}, {@link #getNegotiatedSubprotocol}, then {@link
 * #modifyHandshake}, on the thread that runs the filter.
 */
final class GateConfigurator extends ServerEndpointConfig.Configurator {
  /** User property naming the filter that admitted the session (for its expiry closer). */
  static final String ADMITTED_BY = "dev.wsgate.internal.admittedBy";

  /** User property holding the upgrade's normalised {@code Origin}, absent when it had none. */
  static final String ORIGIN = "dev.wsgate.internal.origin";

  private final Decision.Accepted accepted;
  private final @Nullable String origin;
  private final Object admittedBy;
  private final @Nullable String normalizedOrigin;

  /**
   * @param accepted the gate's decision for this request
   * @param origin the request's {@code Origin} header as the gate saw it, or null when absent
   * @param admittedBy the filter that ran the gate
   * @param normalizedOrigin the origin as the tenant's policy normalised it (refreshes are judged
   *     against it), or null when the request had none
   */
  GateConfigurator(
      Decision.Accepted accepted,
      @Nullable String origin,
      Object admittedBy,
      @Nullable String normalizedOrigin) {
    this.accepted = Objects.requireNonNull(accepted, "accepted");
    this.origin = origin;
    this.admittedBy = Objects.requireNonNull(admittedBy, "admittedBy");
    this.normalizedOrigin = normalizedOrigin;
  }

  /**
   * The gate has already checked the origin against the tenant's allowlist (and answered 403 when
   * it failed); this only confirms that the upgrade Jetty performs is for the same request.
   */
  @Override
  public boolean checkOrigin(String originHeaderValue) {
    return Objects.equals(origin, originHeaderValue);
  }

  /**
   * The application subprotocol the gate selected, never a token entry; empty (no {@code
   * Sec-WebSocket-Protocol} in the 101) when the client offered none.
   */
  @Override
  public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
    return accepted
        .subprotocol()
        .filter(p -> requested != null && requested.contains(p))
        .orElse("");
  }

  /** Hands the verified identity to the endpoint through its user properties. */
  @Override
  public void modifyHandshake(
      ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
    config.getUserProperties().put(WsgateJetty.VERIFIED_TOKEN, accepted.token());
    config.getUserProperties().put(WsgateJetty.TENANT, accepted.tenant());
    config.getUserProperties().put(WsgateJetty.TOKEN_FINGERPRINT, accepted.tokenFingerprint());
    config.getUserProperties().put(ADMITTED_BY, admittedBy);
    if (normalizedOrigin != null) {
      config.getUserProperties().put(ORIGIN, normalizedOrigin);
    }
  }

  /** Names the tenant only: the decision holds the verified token. */
  @Override
  public String toString() {
    return "GateConfigurator[tenant=" + accepted.tenant() + "]";
  }
}
