package dev.wsgate.adapter.spring;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.HandshakeRequest;
import dev.wsgate.gate.OriginPolicy;
import dev.wsgate.gate.TenantPolicy;
import java.util.Map;
import java.util.Objects;

/**
 * An upgrade the gate accepted, handed from the gate's interceptor to the handshake handler in the
 * handshake attributes.
 *
 * @param accepted the gate's decision
 * @param origin the request's normalised {@code Origin}, or null when it had none (for in-band
 *     refresh, which verifies with the connection's origin)
 */
record Admission(Decision.Accepted accepted, String origin) {
  /** The handshake attribute holding the admission; removed before the session starts. */
  static final String ATTRIBUTE = "dev.wsgate.internal.admission";

  Admission {
    Objects.requireNonNull(accepted, "accepted");
  }

  /** The admission of {@code request}, accepted by {@code gate}. */
  static Admission of(HandshakeGate gate, Decision.Accepted accepted, HandshakeRequest request) {
    String origin = request.headers().first("Origin").orElse(null);
    TenantPolicy tenant = gate.tenants().get(accepted.tenant());
    if (origin != null && tenant != null) {
      OriginPolicy.Match match = tenant.origins().check(origin);
      origin = match.allowed() ? match.normalized() : origin;
    }
    return new Admission(accepted, origin);
  }

  /** Puts the identity where the application finds it, and the admission for the handshake. */
  void putInto(Map<String, Object> attributes) {
    attributes.put(WsgateSpring.VERIFIED_TOKEN, accepted.token());
    attributes.put(WsgateSpring.TENANT, accepted.tenant());
    attributes.put(WsgateSpring.TOKEN_FINGERPRINT, accepted.tokenFingerprint());
    attributes.put(ATTRIBUTE, this);
  }

  /** Names the tenant only. */
  @Override
  public String toString() {
    return "Admission[tenant=" + accepted.tenant() + "]";
  }
}
