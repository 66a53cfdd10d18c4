package dev.wsgate.adapter.spring;

import dev.wsgate.gate.Decision;
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

  /** The admission of a request the gate accepted. */
  static Admission of(Decision.Accepted accepted) {
    return new Admission(accepted, accepted.origin().orElse(null));
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
