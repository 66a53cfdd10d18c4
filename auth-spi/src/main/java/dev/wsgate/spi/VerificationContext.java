package dev.wsgate.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a verifier may know about the handshake besides the token: the tenant, the request's {@code
 * Origin} (already checked against the tenant's allowlist) and the current time from the server's
 * injectable {@link java.time.Clock}. Immutable and thread-safe; created by the gate for each call
 * of {@link TokenVerifier#verify}.
 */
public final class VerificationContext {
  private final String tenant;
  private final @Nullable String origin;
  private final Instant now;

  private VerificationContext(String tenant, @Nullable String origin, Instant now) {
    this.tenant = Objects.requireNonNull(tenant, "tenant");
    this.origin = origin;
    this.now = Objects.requireNonNull(now, "now");
  }

  /**
   * A context for one verification.
   *
   * @param tenant the tenant id
   * @param origin the normalised request origin, or null when the request had none
   * @param now the current time; verifiers use it instead of the system clock
   */
  public static VerificationContext of(String tenant, @Nullable String origin, Instant now) {
    return new VerificationContext(tenant, origin, now);
  }

  /** The tenant whose verifier is called. */
  public String tenant() {
    return tenant;
  }

  /** The request's {@code Origin}, normalised ({@code https://app.example.com}); empty if none. */
  public Optional<String> origin() {
    return Optional.ofNullable(origin);
  }

  /** The current time: the only clock a verifier reads. */
  public Instant now() {
    return now;
  }

  @Override
  public String toString() {
    return "VerificationContext[tenant=" + tenant + ", origin=" + origin + ", now=" + now + "]";
  }
}
