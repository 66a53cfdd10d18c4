package dev.wsgate.cluster;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a {@link dev.wsgate.gate.DenyList}: a subject or a token id ({@code jti}) of one
 * tenant, denied until an instant. The unit in which revocations travel between instances.
 * Immutable.
 *
 * @param kind whether {@code value} is a subject or a token id
 * @param tenant the tenant the subject or token belongs to
 * @param value the subject or the token id
 * @param until the first instant at which the denial no longer holds
 */
public record Denial(Kind kind, String tenant, String value, Instant until) {

  /** What a denial names. */
  public enum Kind {
    /** Every token of a subject. */
    SUBJECT,
    /** The one token with this {@code jti}. */
    TOKEN_ID
  }

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException when the tenant or the value is blank
   */
  public Denial {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(until, "until");
    if (tenant == null || tenant.isBlank()) {
      throw new IllegalArgumentException("a denial must name its tenant");
    }
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a denied subject or token id must not be blank");
    }
  }

  /** Whether the denial still holds at {@code now}. */
  public boolean activeAt(Instant now) {
    return now.isBefore(until);
  }
}
